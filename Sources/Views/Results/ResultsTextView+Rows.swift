import Applying
import Lockfiles
import Planning
import RespanCore
import Results

/// Per evaluator compared with a baseline run: its rows in classes, then the worst regressed
/// rows with their text, shortened to one line each.
extension ResultsTextView {
    func rowsBlock(_ experiment: ExperimentResult) -> String {
        var out = ""
        for evaluator in experiment.evaluators {
            guard let rows = evaluator.rows else { continue }
            out += "  rows (\(t(evaluator.name))): \(rows.summary)\n"
            if !evaluator.worstRows.isEmpty {
                out += "  worst regressed rows (\(t(evaluator.name))), baseline → now:\n"
            }
            for example in evaluator.worstRows { out += describe(example) }
            if !evaluator.newRows.isEmpty {
                out += "  rows new in this run (\(t(evaluator.name))), added or changed in the dataset, lowest first:\n"
            }
            for row in evaluator.newRows { out += describe(row) }
        }
        return out
    }

    private func describe(_ row: NewRow) -> String {
        var out = "    \(Format.number(row.score)) · row \(t(String(row.row.prefix(12))))\n"
        for (label, text) in [("input", row.input), ("expected", row.expected), ("now", row.output)] {
            out += "      \(pad(label))\(t(TextEscaping.line(text, limit: RowExample.textLimit)))\n"
        }
        return out
    }

    private func pad(_ label: String) -> String { (label + ":").padding(toLength: 10, withPad: " ", startingAt: 0) }

    private func describe(_ example: RowExample) -> String {
        let scores = "\(Format.number(example.baselineScore)) → \(Format.number(example.currentScore))"
        var out = "    \(scores) (\(Format.signed(example.change))) · row \(t(String(example.row.prefix(12))))\n"
        for (label, text) in [("input", example.input), ("expected", example.expected)] {
            out += "      \(pad(label))\(t(TextEscaping.line(text, limit: RowExample.textLimit)))\n"
        }
        // The word-level difference as `git diff --word-diff` writes it: [-gone-] and {+new+}.
        let (before, after) = WordDiff.parts(example.baselineOutput, example.currentOutput)
        let limit = RowExample.textLimit
        out += "      \(pad("baseline"))\(WordDiff.render(before, limit: limit, escape: t) { "[-\($0)-]" })\n"
        out += "      \(pad("now"))\(WordDiff.render(after, limit: limit, escape: t) { "{+\($0)+}" })\n"
        return out
    }
}
