import Applying
import Lockfiles
import Planning
import RespanCore
import Results

// The plan views render through the same protocol as every other view.
extension PlanTextView: OutputView {}
extension PlanJSONView: OutputView {}
extension PlanMarkdownView: OutputView {}
