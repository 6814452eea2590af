import Applying
import Foundation
import Lockfiles
import Planning
import RespanCore
import Results

/// The results as an aligned table per experiment, then the gates; colour on a terminal.
public struct ResultsTextView: OutputView {
    public var colors: Bool

    public init(colors: Bool = false) {
        self.colors = colors
    }

    public func render(_ report: ResultsReport) -> String {
        var out = ""
        if let baseline = report.baseline {
            out +=
                baseline.absent
                ? "No baseline at \(t(baseline.label)) (no lockfile committed there): every key is new, and "
                    + "regression gates are skipped.\n\n"
                : "Compared with the runs recorded in \(t(baseline.source)).\n\n"
        }
        for experiment in report.experiments where !experiment.sharesBaselineRun { out += section(experiment) + "\n" }
        for group in report.repeatGroups where !group.sharesBaselineRun { out += repeatSection(group) + "\n" }
        if let baseline = report.baseline {
            if !baseline.unchangedKeys.isEmpty {
                out += "\(baseline.unchangedKeys.count) unchanged, same runs as \(t(baseline.label)) (not read: "
                out += "their regression is 0 by construction).\n\n"
            }
            if !baseline.newKeys.isEmpty, !baseline.absent {
                out += "New (no baseline run): \(t(baseline.newKeys.joined(separator: ", ")))\n"
            }
            if !baseline.removedKeys.isEmpty {
                out += "Removed (only in the baseline): \(t(baseline.removedKeys.joined(separator: ", ")))\n"
            }
            if !baseline.newKeys.isEmpty && !baseline.absent || !baseline.removedKeys.isEmpty { out += "\n" }
        }
        return out + gates(report)
    }

    private func section(_ experiment: ExperimentResult) -> String {
        var head = t(experiment.key)
        if let id = experiment.id { head += " (\(t(id)))" }
        head += ": \(t(experiment.status))"
        if !experiment.isComplete, let progress = experiment.progress { head += " \(Int(progress))%" }
        head += " · \(counted(experiment.traceCount, "trace"))"
        if let key = experiment.baselineKey { head += " · compared with \(t(key)), the run it replaces" }
        if experiment.awaitingOutput > 0 { head += " (\(experiment.awaitingOutput) awaiting their output)" }
        if experiment.erroredRows > 0 { head += " (\(experiment.erroredRows) errored, not scored)" }
        if let cost = experiment.cost { head += " · \(Dollars.text(cost))" }
        if let estimate = experiment.estimatedCost { head += " (estimated \(Dollars.text(estimate)))" }
        if let tokens = experiment.tokens { head += " · \(tokens) tokens" }
        if let error = experiment.errorMessage { head += "\n  error: \(t(error))" }
        if let note = experiment.likeForLikeNote { head += "\n  ⚠ \(t(note))" }
        guard !experiment.evaluators.isEmpty else { return head + "\n" }
        let compared = experiment.evaluators.contains { $0.comparison != nil }
        var rows = [
            ["evaluator", "mean", "min", "max", "pass rate", "count"]
                + (compared ? ["baseline", "Δ paired", "pairs", "unpaired"] : [])
        ]
        for evaluator in experiment.evaluators {
            let stats = evaluator.statistics
            var row = [
                evaluator.name, text(stats.mean), text(stats.min), text(stats.max), text(stats.passRate),
                "\(stats.count)",
            ]
            if compared {
                let comparison = evaluator.comparison
                row += [
                    text(comparison?.baseline.mean), comparison?.delta.map(Format.signed) ?? "–",
                    comparison.map { "\($0.pairs)" } ?? "–",
                    comparison.map { "\($0.onlyCurrent) now, \($0.onlyBaseline) before" } ?? "–",
                ]
            }
            rows.append(row)
        }
        var out = head + "\n" + Table.render(rows, indent: "  ") + rowsBlock(experiment)
        for (name, histogram) in experiment.histograms.sorted(by: { $0.key < $1.key }) {
            out += TextEscaping.terminal(HistogramDrawing.render(name: name, histogram))
        }
        return out
    }

    /// A `repeats: N` experiment across its runs: row means, the mean of run means and the spread.
    private func repeatSection(_ group: ExperimentResult) -> String {
        let runs = group.evaluators.first?.repeats?.runs ?? 0
        var rows = [
            ["evaluator", "mean of means", "spread (max−min)", "std dev", "row mean min", "row mean max", "rows"]
        ]
        for evaluator in group.evaluators {
            rows.append([
                evaluator.name, text(evaluator.repeats?.meanOfMeans), text(evaluator.repeats?.range),
                text(evaluator.repeats?.standardDeviation), text(evaluator.statistics.min),
                text(evaluator.statistics.max),
                "\(evaluator.rowMeans.count)",
            ])
        }
        return "\(t(group.key)) across \(runs) repeats: \(t(group.status))\n" + Table.render(rows, indent: "  ")
            + rowsBlock(group)
    }

    private func gates(_ report: ResultsReport) -> String {
        guard !report.gates.isEmpty else { return "No gates.\n" }
        var out = ""
        for verdict in report.gates {
            let mark: String
            switch verdict.outcome {
            case .passed: mark = paint("✔", 32)
            case .failed: mark = paint("✘", 31)
            case .skipped: mark = paint("–", 33)
            case .inconclusive: mark = paint("?", 31)
            }
            let place = verdict.location.map { "  (\(t($0.file)):\($0.line))" } ?? ""
            out += "\(mark) \(t(verdict.name)): \(t(verdict.reason))\(verdict.outcome.fails ? place : "")\n"
        }
        func count(_ outcome: GateVerdict.Outcome) -> Int { report.gates.count { $0.outcome == outcome } }
        let inconclusive = count(.inconclusive) > 0 ? " \(count(.inconclusive)) inconclusive," : ""
        let line =
            "Gates: \(count(.passed)) passed, \(count(.failed)) failed,\(inconclusive) \(count(.skipped)) skipped."
        return out + "\n" + paint(line, report.passed ? 32 : 31) + "\n"
    }

    private func text(_ value: Double?) -> String { value.map(Format.number) ?? "–" }

    /// A value as the terminal may show it (no raw escape sequences).
    func t(_ value: String) -> String { TextEscaping.terminal(value, keepNewlines: false) }

    private func paint(_ text: String, _ code: Int) -> String {
        colors ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}

/// Left-aligned columns padded to their widest cell.
enum Table {
    static func render(_ rows: [[String]], indent: String) -> String {
        let rows = rows.map { $0.map { TextEscaping.terminal($0, keepNewlines: false) } }
        let widths = (0..<(rows.first?.count ?? 0)).map { column in
            rows.map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0
        }
        return rows.map { row in
            indent
                + row.enumerated().map { index, cell in
                    index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
                }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}
