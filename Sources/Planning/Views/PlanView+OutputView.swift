import RespanCore

// The plan views render through the same protocol as every other view.
extension PlanTextView: OutputView {}
extension PlanJSONView: OutputView {}
extension PlanMarkdownView: OutputView {}
