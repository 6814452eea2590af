import RespanCore

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
        }
        return out
    }

    private func describe(_ example: RowExample) -> String {
        let scores = "\(Format.number(example.baselineScore)) → \(Format.number(example.currentScore))"
        var out = "    \(scores) (\(Format.signed(example.change))) · row \(t(String(example.row.prefix(12))))\n"
        let fields = [
            ("input", example.input), ("expected", example.expected), ("baseline", example.baselineOutput),
            ("now", example.currentOutput),
        ]
        for (label, text) in fields {
            let padded = (label + ":").padding(toLength: 10, withPad: " ", startingAt: 0)
            out += "      \(padded)\(t(TextEscaping.line(text, limit: RowExample.textLimit)))\n"
        }
        return out
    }
}
