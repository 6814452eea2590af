import RespanAPI
import RespanCore

/// One evaluator's scores on a run's traces, and against the baseline run's: statistics, the
/// rows paired by `comparison_key`, each row classed, and the worst regressed rows with their text.
struct EvaluatorMeasurement {
    var name: String
    /// The id or slug scores are reported under.
    var key: String
    /// For a numerical evaluator, the score under which a row fails (the gate's `min_mean`).
    var failBelow: Double?

    func measure(traces: [Trace], baseline: [Trace]?) -> EvaluatorResult {
        let scores = traces.compactMap { $0.score(for: key) }
        let isBoolean = !scores.isEmpty && scores.allSatisfy(\.isBoolean)
        let statistics = ScoreStatistics(scores.map(\.value), isBoolean: isBoolean)
        let current = Self.byRow(traces, key)
        var result = EvaluatorResult(
            name: name, scoreKey: key, statistics: statistics, comparison: nil, rowMeans: Self.means(current))
        result.erroredRows = errored(traces)
        if isBoolean { result.rowPasses = Self.passes(current, traces: traces, key: key) }
        guard let baseline else { return result }
        let before = Self.byRow(baseline, key)
        result.comparison = PairedComparison(current: current, baseline: before, isBoolean: isBoolean)
        result.baselineRowMeans = Self.means(before)
        result.erroredRows.formUnion(errored(baseline))
        result.rows = RowClasses.classify(
            current: result.rowMeans, baseline: Self.means(before), errored: result.erroredRows,
            failBelow: isBoolean ? 0.5 : failBelow)
        result.worstRows = worst(result, current: traces, baseline: baseline)
        result.newRows = newRows(result, current: traces)
        return result
    }

    /// Per row, how many of its boolean scores passed, named by the input of its first trace.
    /// A run in which the evaluator erred on the row counts as a run it did not pass.
    static func passes(_ rows: [String: [Double]], traces: [Trace], key: String) -> [String: RowPasses] {
        var inputs: [String: String] = [:], errors: [String: Int] = [:]
        for trace in traces {
            if inputs[row(trace)] == nil { inputs[row(trace)] = text(trace.input) }
            if trace.scoreErrors[key] != nil { errors[row(trace), default: 0] += 1 }
        }
        return Set(rows.keys).union(errors.keys).reduce(into: [:]) { passes, name in
            let scores = rows[name] ?? []
            passes[name] = RowPasses(
                row: name, passed: scores.count { $0 >= 0.5 }, runs: scores.count + (errors[name] ?? 0),
                input: RowPasses.name(inputs[name] ?? name))
        }
    }

    /// Rows (comparison keys) on which the evaluator gave an error.
    private func errored(_ traces: [Trace]) -> Set<String> {
        Set(traces.filter { $0.scoreErrors[key] != nil }.map(Self.row))
    }

    /// The most regressed rows, worst first, at most `RowExample.limit`.
    private func worst(_ result: EvaluatorResult, current: [Trace], baseline: [Trace]) -> [RowExample] {
        let after = Dictionary(current.map { (Self.row($0), $0) }, uniquingKeysWith: { first, _ in first })
        let before = Dictionary(baseline.map { (Self.row($0), $0) }, uniquingKeysWith: { first, _ in first })
        let regressed = result.rowMeans.compactMap { row, score -> (String, Double, Double)? in
            guard !result.erroredRows.contains(row), let old = result.baselineRowMeans?[row],
                score < old - RowClasses.tolerance
            else { return nil }
            return (row, old, score)
        }
        let worst = regressed.sorted { ($0.2 - $0.1, $0.0) < ($1.2 - $1.1, $1.0) }.prefix(RowExample.limit)
        return worst.compactMap { row, old, score in
            guard let now = after[row], let then = before[row] else { return nil }
            return RowExample(
                row: row, input: Self.text(now.input), expected: Self.text(now.raw["expected_output"]),
                baselineOutput: Self.text(then.output), currentOutput: Self.text(now.output),
                baselineScore: old, currentScore: score)
        }
    }

    /// Rows scored now that the baseline does not have, lowest score first.
    private func newRows(_ result: EvaluatorResult, current: [Trace]) -> [NewRow] {
        let before = result.baselineRowMeans ?? [:]
        let fresh = result.rowMeans.filter { before[$0.key] == nil && !result.erroredRows.contains($0.key) }
        let lowest = fresh.sorted { ($0.value, $0.key) < ($1.value, $1.key) }.prefix(RowExample.limit)
        let traces = Dictionary(current.map { (Self.row($0), $0) }, uniquingKeysWith: { first, _ in first })
        return lowest.compactMap { row, score in
            traces[row].map { trace in
                NewRow(
                    row: row, input: Self.text(trace.input), expected: Self.text(trace.raw["expected_output"]),
                    output: Self.text(trace.output), score: score)
            }
        }
    }

    /// A trace's field as text: a string as it is, anything else as JSON; empty when absent.
    static func text(_ value: JSONValue?) -> String {
        guard let value, value != .null else { return "" }
        return value.stringValue ?? value.serialized()
    }

    /// A trace's row: its `comparison_key`, else its own id (it pairs with nothing).
    static func row(_ trace: Trace) -> String { trace.comparisonKey ?? "trace:\(trace.id)" }

    /// comparison_key → scores.
    static func byRow(_ traces: [Trace], _ key: String) -> [String: [Double]] {
        var rows: [String: [Double]] = [:]
        for trace in traces {
            guard let score = trace.score(for: key) else { continue }
            rows[row(trace), default: []].append(score.value)
        }
        return rows
    }

    static func means(_ rows: [String: [Double]]) -> [String: Double] {
        rows.mapValues { $0.reduce(0, +) / Double($0.count) }
    }
}
