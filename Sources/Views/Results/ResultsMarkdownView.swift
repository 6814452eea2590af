import Applying
import Lockfiles
import Planning
import RespanCore
import Results

/// A pull-request comment: the gate verdict first, a table, details folded; at most 60,000
/// characters (GitHub allows 65,536), cut with a note.
public struct ResultsMarkdownView: OutputView {
    public static let limit = 60_000

    public init() {}

    public func render(_ report: ResultsReport) -> String {
        let head = summary(report) + "\n\n" + table(report)
        let details = self.details(report)
        if head.count + details.count <= Self.limit { return head + details }
        let note = "\n_The details are longer than this comment allows; run `respan-plan results` for all of them._\n"
        let room = Self.limit - note.count
        return String((head + details).prefix(room)) + note
    }

    private func summary(_ report: ResultsReport) -> String {
        let failed = report.failedGates.count
        let verdict =
            report.gates.isEmpty
            ? "ℹ️ **No gates**"
            : failed == 0
                ? (report.gates.count == 1 ? "✅ **The gate passed**" : "✅ **All \(report.gates.count) gates passed**")
                : "❌ **\(failed) of \(report.gates.count) gates failed**"
        var line =
            "### respan-plan results\n\n\(verdict) · \(report.experiments.count) experiment\(report.experiments.count == 1 ? "" : "s")"
        if let baseline = report.baseline { line += " · compared with `\(baseline.source)`" }
        for verdict in report.failedGates {
            line += "\n- ❌ `\(verdict.key)` · \(verdict.evaluator) \(verdict.condition.rawValue): \(verdict.reason)"
        }
        return line
    }

    private func table(_ report: ResultsReport) -> String {
        var out =
            "| experiment | evaluator | mean | baseline | Δ (paired) | pairs | status |\n|---|---|---|---|---|---|---|\n"
        for experiment in report.experiments where !experiment.sharesBaselineRun {
            if experiment.evaluators.isEmpty {
                out += "| `\(escape(experiment.key))` | – | – | – | – | – | \(experiment.status) |\n"
            }
            for evaluator in experiment.evaluators {
                let comparison = evaluator.comparison
                out +=
                    "| `\(escape(experiment.key))` | \(escape(evaluator.name)) | \(text(evaluator.statistics.mean)) | "
                    + "\(text(comparison?.baseline.mean)) | \(comparison?.delta.map(Format.signed) ?? "–") | "
                    + "\(comparison.map { "\($0.pairs)" } ?? "–") | \(experiment.status) |\n"
            }
        }
        if let baseline = report.baseline, !baseline.unchangedKeys.isEmpty {
            out += "\n\(baseline.unchangedKeys.count) unchanged, same runs as `\(escape(baseline.label))`\n"
        }
        return out
    }

    private func details(_ report: ResultsReport) -> String {
        var out = "\n<details><summary>Gates and runs</summary>\n\n"
        for verdict in report.gates {
            let mark = ["passed": "✅", "failed": "❌", "inconclusive": "❔"][verdict.outcome.rawValue] ?? "➖"
            out +=
                "- \(mark) `\(escape(verdict.key))` · \(escape(verdict.evaluator)) \(verdict.condition.rawValue): \(escape(verdict.reason))\n"
        }
        out += "\n| experiment | id | status | traces | cost | tokens |\n|---|---|---|---|---|---|\n"
        for experiment in report.experiments where !experiment.sharesBaselineRun {
            out +=
                "| `\(escape(experiment.key))` | \(experiment.id ?? "–") | \(experiment.status) | \(experiment.traceCount) | "
                + "\(experiment.cost.map(Dollars.text) ?? "–") | \(experiment.tokens.map(String.init) ?? "–") |\n"
        }
        if let baseline = report.baseline, !baseline.newKeys.isEmpty || !baseline.removedKeys.isEmpty {
            out +=
                "\nNew: \(baseline.newKeys.map { "`\($0)`" }.joined(separator: ", ")) · Removed: \(baseline.removedKeys.map { "`\($0)`" }.joined(separator: ", "))\n"
        }
        return out + "\n</details>\n"
    }

    private func text(_ value: Double?) -> String { value.map(Format.number) ?? "–" }

    private func escape(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }
}
