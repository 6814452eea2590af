import Applying
import Lockfiles
import Planning
import RespanCore
import Results

/// One self-contained HTML page for a CI artifact: the verdict, every gate, and per changed
/// experiment its evaluators with the score distributions (now, and the baseline's outline),
/// the paired differences and the worst regressed rows. Styles are inline and charts are inline
/// SVG; a Content-Security-Policy forbids every fetch, so the page opens offline as it is.
public struct ResultsHTMLView: OutputView {
    public init() {}

    public func render(_ report: ResultsReport) -> String {
        var body = "<h1>respan-plan results</h1>\n"
        body += "<p class=\"verdict \(report.passed ? "pass" : "fail")\">\(e(verdict(report)))</p>\n"
        body += gates(report)
        let shown = (report.experiments + report.repeatGroups).filter { !$0.sharesBaselineRun }
        for experiment in shown { body += section(experiment) }
        if let baseline = report.baseline, !baseline.unchangedKeys.isEmpty {
            body += "<p>\(baseline.unchangedKeys.count) unchanged, same runs as \(e(baseline.label)).</p>\n"
        }
        return Self.head + body + "</body>\n</html>\n"
    }

    static let head = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>respan-plan results</title>
        <style>
        body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#222;max-width:1100px}
        table{border-collapse:collapse;margin:8px 0 16px}
        th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}
        th{background:#f3f3f3}.verdict{font-size:18px;font-weight:600}
        .pass,.passed{color:#1a7f37}.fail,.failed{color:#cf222e}.inconclusive{color:#9a6700}.skipped{color:#666}.warn{color:#9a6700}
        .charts{display:flex;gap:24px;flex-wrap:wrap}figure{margin:0}figcaption{color:#555;font-size:12px}
        section{border-top:1px solid #ddd;margin-top:16px}
        del{background:#ffebe9;color:#82071e}ins{background:#dafbe1;color:#116329;text-decoration:none}
        </style>
        </head>
        <body>

        """

    private func verdict(_ report: ResultsReport) -> String {
        let failed = report.failedGates.count
        let line =
            report.gates.isEmpty
            ? "No gates"
            : failed == 0 ? "All \(report.gates.count) gates passed" : "\(failed) of \(report.gates.count) gates failed"
        guard let baseline = report.baseline else { return line }
        return baseline.absent
            ? "\(line) · no baseline at \(baseline.label)" : "\(line) · compared with \(baseline.source)"
    }

    private func gates(_ report: ResultsReport) -> String {
        guard !report.gates.isEmpty else { return "" }
        let rows = report.gates.map { gate in
            [
                "<code>\(e(gate.key))</code>", e(gate.evaluator), gate.condition.rawValue,
                "<span class=\"\(gate.outcome.rawValue)\">\(gate.outcome.rawValue)</span>", e(gate.reason),
            ]
        }
        return "<h2>Gates</h2>\n" + table(["experiment", "evaluator", "condition", "outcome", "why"], rows)
    }

    private func section(_ experiment: ExperimentResult) -> String {
        var out = "<section><h2><code>\(e(experiment.key))</code> · \(e(experiment.status))</h2>\n"
        if let note = experiment.likeForLikeNote { out += "<p class=\"warn\">⚠ \(e(note))</p>\n" }
        out += "<table><tr><th>evaluator</th><th>mean</th><th>baseline</th><th>Δ (paired)</th><th>pairs</th>"
        out += "<th>rows</th></tr>\n"
        for evaluator in experiment.evaluators {
            let comparison = evaluator.comparison
            out += "<tr><td>\(e(evaluator.name))</td><td>\(n(evaluator.statistics.mean))</td>"
            out += "<td>\(n(comparison?.baseline.mean))</td><td>\(comparison?.delta.map(Format.signed) ?? "–")</td>"
            out +=
                "<td>\(comparison.map { "\($0.pairs)" } ?? "–")</td><td>\(e(evaluator.rows?.summary ?? "–"))</td></tr>\n"
        }
        out += "</table>\n"
        for evaluator in experiment.evaluators { out += charts(evaluator) + worst(evaluator) + newRows(evaluator) }
        return out + "</section>\n"
    }

    private func charts(_ evaluator: EvaluatorResult) -> String {
        let now = evaluator.rowMeans.values.sorted(), before = evaluator.baselineRowMeans.map { $0.values.sorted() }
        guard !now.isEmpty else { return "" }
        let all = now + (before ?? [])
        let range = min(0, all.min() ?? 0)...max(1, all.max() ?? 1)
        var out = "<div class=\"charts\"><figure>"
        out += HTMLCharts.distribution(now, baseline: before, range: range, label: "\(evaluator.name) distribution")
        out += "<figcaption>\(e(evaluator.name)): row scores now (bars)"
        out += before == nil ? "" : " and in the baseline (outlines)"
        out += "</figcaption></figure>"
        if let differences = evaluator.comparison?.differences, !differences.isEmpty {
            out += "<figure>" + HTMLCharts.differences(differences, label: "\(evaluator.name) paired differences")
            out += "<figcaption>paired differences, now − baseline (left of the line: regressed)</figcaption></figure>"
        }
        return out + "</div>\n"
    }

    private func newRows(_ evaluator: EvaluatorResult) -> String {
        guard !evaluator.newRows.isEmpty else { return "" }
        let rows = evaluator.newRows.map { row in
            [Format.number(row.score)] + [row.input, row.expected, row.output].map(line)
        }
        return "<h3>Rows new in this run · \(e(evaluator.name))</h3>\n<p>Added or changed in the dataset, lowest "
            + "score first.</p>\n" + table(["score", "input", "expected", "output"], rows)
    }

    private func worst(_ evaluator: EvaluatorResult) -> String {
        guard !evaluator.worstRows.isEmpty else { return "" }
        let rows = evaluator.worstRows.map { row in
            let (before, after) = WordDiff.parts(row.baselineOutput, row.currentOutput)
            return [
                "\(Format.number(row.baselineScore)) → \(Format.number(row.currentScore))", line(row.input),
                line(row.expected), WordDiff.render(before, limit: 400, escape: e) { "<del>\($0)</del>" },
                WordDiff.render(after, limit: 400, escape: e) { "<ins>\($0)</ins>" },
            ]
        }
        return "<h3>Worst regressed rows · \(e(evaluator.name))</h3>\n"
            + table(["baseline → now", "input", "expected", "baseline output", "output now"], rows)
    }

    /// A table of cells already written as HTML.
    private func table(_ headers: [String], _ rows: [[String]]) -> String {
        var out = "<table><tr>" + headers.map { "<th>\(e($0))</th>" }.joined() + "</tr>\n"
        for row in rows { out += "<tr>" + row.map { "<td>\($0)</td>" }.joined() + "</tr>\n" }
        return out + "</table>\n"
    }

    /// A text on one line, cut to 400 characters, escaped.
    private func line(_ text: String) -> String { e(TextEscaping.line(text, limit: 400)) }

    private func e(_ text: String) -> String { TextEscaping.html(text) }
    private func n(_ value: Double?) -> String { value.map(Format.number) ?? "–" }
}
