import Applying
import Lockfiles
import Planning
import RespanCore
import Results

/// A pull-request comment: the verdict in one line, the failed gates, a table of the experiments
/// whose run changed (those sharing the baseline's run are counted), the worst regressed rows and
/// the details folded. At most `limit` UTF-8 bytes, cut between rows with the table closed and a
/// note saying what was left out and where the whole report is.
public struct ResultsMarkdownView: OutputView {
    public var limit: Int

    public init(limit: Int = BoundedMarkdown.defaultLimit) {
        self.limit = limit
    }

    public func render(_ report: ResultsReport) -> String {
        var document = BoundedMarkdown(limit: limit)
        document.append("### respan-plan results\n\n" + verdictLine(report) + "\n\n")
        document.lines(open: "", report.failedGates.map(failedLine), close: "\n")
        document.lines(
            open: "",
            report.notLikeForLike.compactMap { run in run.likeForLikeNote.map { "- ⚠️ \(code(run.key)) \(cell($0))\n" }
            },
            close: "\n")
        let shown = (report.experiments + report.repeatGroups).filter { !$0.sharesBaselineRun }
        document.lines(open: Self.tableHeader, shown.flatMap(tableRows), close: "\n")
        if let baseline = report.baseline, !baseline.absent, !baseline.newKeys.isEmpty || !baseline.removedKeys.isEmpty
        {
            document.append(
                "New: \(codes(baseline.newKeys)) · Removed: \(codes(baseline.removedKeys))\n\n")
        }
        appendWorstRows(&document, shown)
        appendNewRows(&document, shown)
        appendDetails(&document, report, shown)
        return document.finished { lines, blocks in
            "\n_Left out to stay within GitHub's comment limit: \(BoundedMarkdown.describe(lines: lines, blocks: blocks)). "
                + "The whole report: `respan-plan results --format json` (or `--format html`)._\n"
        }
    }

    static let tableHeader =
        "| experiment | evaluator | mean | baseline | Δ (paired) | rows | status |\n|---|---|---|---|---|---|---|\n"

    /// The verdict, then what was compared, in one line.
    func verdictLine(_ report: ResultsReport) -> String {
        let failed = report.failedGates.count
        var line =
            report.gates.isEmpty
            ? "ℹ️ **No gates**"
            : failed == 0
                ? (report.gates.count == 1 ? "✅ **The gate passed**" : "✅ **All \(report.gates.count) gates passed**")
                : "❌ **\(failed) of \(report.gates.count) gates failed**"
        let changed = report.experiments.count { !$0.sharesBaselineRun }
        line += " · \(counted(changed, "experiment"))"
        guard let baseline = report.baseline else { return line }
        if baseline.absent {
            line += " · no baseline at \(code(baseline.label)): every key new, regression gates skipped"
        } else if !baseline.unchangedKeys.isEmpty {
            line += " changed · \(baseline.unchangedKeys.count) unchanged, same runs as \(code(baseline.label))"
        } else {
            line += " · compared with \(code(baseline.source))"
        }
        let unlike = report.notLikeForLike.count
        return line + (unlike > 0 ? " · ⚠️ \(unlike) not like for like" : "")
    }

    private func failedLine(_ verdict: GateVerdict) -> String {
        let mark = verdict.outcome == .inconclusive ? "❔" : "❌"
        return
            "- \(mark) \(code(verdict.key)) · \(cell(verdict.evaluator)) \(verdict.condition.rawValue): \(cell(verdict.reason))\n"
    }

    private func tableRows(_ experiment: ExperimentResult) -> [String] {
        let status = cell(experiment.status)
        guard !experiment.evaluators.isEmpty else {
            return ["| \(code(experiment.key)) | – | – | – | – | – | \(status) |\n"]
        }
        return experiment.evaluators.map { evaluator in
            let comparison = evaluator.comparison
            return "| \(code(experiment.key)) | \(cell(evaluator.name)) | \(text(evaluator.statistics.mean)) | "
                + "\(text(comparison?.baseline.mean)) | \(comparison?.delta.map(Format.signed) ?? "–") | "
                + "\(evaluator.rows?.summary ?? "–") | \(status) |\n"
        }
    }

    private func appendWorstRows(_ document: inout BoundedMarkdown, _ shown: [ExperimentResult]) {
        appendRowTables(&document, shown, title: "Worst regressed rows", header: Self.rowHeader) {
            $0.worstRows.map(exampleRow)
        }
    }

    private func appendNewRows(_ document: inout BoundedMarkdown, _ shown: [ExperimentResult]) {
        let title = "Rows new in this run (added or changed in the dataset), lowest score first"
        appendRowTables(&document, shown, title: title, header: Self.newRowHeader) { evaluator in
            evaluator.newRows.map {
                "| \(Format.number($0.score)) | \(short($0.input)) | \(short($0.expected)) | \(short($0.output)) |\n"
            }
        }
    }

    /// One folded section: per experiment and evaluator that has rows to show, a table of them.
    private func appendRowTables(
        _ document: inout BoundedMarkdown, _ shown: [ExperimentResult], title: String, header: String,
        rows: (EvaluatorResult) -> [String]
    ) {
        let tables = shown.flatMap { experiment in
            experiment.evaluators.map { (experiment.key, $0.name, rows($0)) }.filter { !$0.2.isEmpty }
        }
        guard !tables.isEmpty else { return }
        document.openDetails(title)
        for (key, name, lines) in tables {
            document.append("**\(code(key)) · \(cell(name))**\n\n")
            document.lines(open: header, lines, close: "\n")
        }
        document.closeDetails()
    }

    static let newRowHeader = "| score | input | expected | output |\n|---|---|---|---|\n"

    static let rowHeader =
        "| baseline → now | input | expected | baseline output | output now |\n|---|---|---|---|---|\n"

    /// A row's text on one line, cut to `RowExample.textLimit`, as a cell.
    private func short(_ text: String) -> String { cell(TextEscaping.line(text, limit: RowExample.textLimit)) }

    private func exampleRow(_ row: RowExample) -> String {
        let scores =
            "\(Format.number(row.baselineScore)) → \(Format.number(row.currentScore)) (\(Format.signed(row.change)))"
        // The outputs with their word-level difference: words only the baseline had struck
        // through, words only the output now has underlined (GitHub renders <del> and <ins>).
        let (before, after) = WordDiff.parts(row.baselineOutput, row.currentOutput)
        let limit = RowExample.textLimit
        let baseline = WordDiff.render(before, limit: limit, escape: cell) { "<del>\($0)</del>" }
        let now = WordDiff.render(after, limit: limit, escape: cell) { "<ins>\($0)</ins>" }
        return "| \(scores) | \(short(row.input)) | \(short(row.expected)) | \(baseline) | \(now) |\n"
    }

    func code(_ text: String) -> String { TextEscaping.codeSpan(text) }
    func codes(_ texts: [String]) -> String { texts.isEmpty ? "–" : texts.map(code).joined(separator: ", ") }
    func cell(_ text: String) -> String { TextEscaping.markdownCell(text) }
    func text(_ value: Double?) -> String { value.map(Format.number) ?? "–" }
}
