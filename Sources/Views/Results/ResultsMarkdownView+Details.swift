import Applying
import Lockfiles
import Planning
import RespanCore
import Results

/// The folded part of the comment: every gate's verdict, and the runs that changed.
extension ResultsMarkdownView {
    func appendDetails(_ document: inout BoundedMarkdown, _ report: ResultsReport, _ shown: [ExperimentResult]) {
        document.openDetails("Gates and runs")
        document.lines(open: "", report.gates.map(gateLine), close: "\n")
        document.lines(
            open: Self.runHeader, shown.filter { $0.id != nil || $0.status == "not_applied" }.map(runRow), close: "")
        document.closeDetails()
    }

    static let runHeader = "| experiment | id | status | traces | cost | tokens |\n|---|---|---|---|---|---|\n"

    private func gateLine(_ verdict: GateVerdict) -> String {
        let mark = ["passed": "✅", "failed": "❌", "inconclusive": "❔"][verdict.outcome.rawValue] ?? "➖"
        return
            "- \(mark) \(code(verdict.key)) · \(cell(verdict.evaluator)) \(verdict.condition.rawValue): \(cell(verdict.reason))\n"
    }

    private func runRow(_ experiment: ExperimentResult) -> String {
        "| \(code(experiment.key)) | \(cell(experiment.id ?? "–")) | \(cell(experiment.status)) | \(experiment.traceCount) | "
            + "\(experiment.cost.map(Dollars.text) ?? "–") | \(experiment.tokens.map(String.init) ?? "–") |\n"
    }
}
