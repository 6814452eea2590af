import Applying
import Lockfiles
import Planning
import RespanCore
import Results

/// The versioned JSON view (`schemas/results.schema.json`), for machines.
public struct ResultsJSONView: OutputView {
    public init() {}

    public func render(_ report: ResultsReport) -> String {
        document(report).serialized(pretty: true) + "\n"
    }

    public func document(_ report: ResultsReport) -> JSONValue {
        func count(_ outcome: GateVerdict.Outcome) -> JSONValue { .int(report.gates.count { $0.outcome == outcome }) }
        return [
            "format_version": .int(ResultsReport.formatVersion), "passed": .bool(report.passed),
            "experiments": .array(report.experiments.map(experiment)),
            "repeat_groups": .array(report.repeatGroups.map(experiment)),
            "baseline": report.baseline.map { baseline in
                [
                    "source": .string(baseline.source), "new_keys": .array(baseline.newKeys.map(JSONValue.string)),
                    "removed_keys": .array(baseline.removedKeys.map(JSONValue.string)),
                    "unchanged_keys": .array(baseline.unchangedKeys.map(JSONValue.string)),
                    "label": .string(baseline.label), "absent": .bool(baseline.absent),
                ]
            } ?? .null,
            "gates": .array(report.gates.map(gate)),
            "summary": [
                "passed": count(.passed), "failed": count(.failed), "inconclusive": count(.inconclusive),
                "skipped": count(.skipped),
            ],
        ]
    }

    private func experiment(_ result: ExperimentResult) -> JSONValue {
        var object: [String: JSONValue] = [
            "key": .string(result.key), "id": optional(result.id), "status": .string(result.status),
            "progress": number(result.progress), "error_message": optional(result.errorMessage),
            "trace_count": .int(result.traceCount), "cost": number(result.cost),
            "estimated_cost": number(result.estimatedCost),
            "tokens": result.tokens.map(JSONValue.int) ?? .null, "baseline_id": optional(result.baselineID),
            "baseline_key": optional(result.baselineKey),
            "evaluators": .array(result.evaluators.map(evaluator)),
            "shares_baseline_run": .bool(result.sharesBaselineRun),
            "not_like_for_like": .array(result.notLikeForLike.map(JSONValue.string)),
        ]
        if result.erroredRows > 0 { object["errored_rows"] = .int(result.erroredRows) }
        return .object(object)
    }

    private func evaluator(_ result: EvaluatorResult) -> JSONValue {
        var object = statistics(result.statistics).objectValue ?? [:]
        object["name"] = .string(result.name)
        object["score_key"] = .string(result.scoreKey)
        object["repeats"] =
            result.repeats.map { spread in
                [
                    "runs": .int(spread.runs), "mean_of_means": number(spread.meanOfMeans),
                    "range": number(spread.range),
                    "standard_deviation": number(spread.standardDeviation),
                ]
            } ?? .null
        object["comparison"] =
            result.comparison.map { comparison in
                [
                    "baseline": statistics(comparison.baseline), "pairs": .int(comparison.pairs),
                    "paired_baseline_mean": number(comparison.pairedBaselineMean),
                    "paired_current_mean": number(comparison.pairedCurrentMean), "delta": number(comparison.delta),
                    "only_current": .int(comparison.onlyCurrent), "only_baseline": .int(comparison.onlyBaseline),
                ]
            } ?? .null
        object["errored_rows"] = .int(result.erroredRows.count)
        object["rows"] = result.rows.map(rows) ?? .null
        object["worst_regressed"] = .array(result.worstRows.map(example))
        object["new_rows"] = .array(
            result.newRows.map { row in
                [
                    "row": .string(row.row), "input": .string(row.input), "expected_output": .string(row.expected),
                    "output": .string(row.output), "score": number(row.score),
                ]
            })
        if !result.rowPasses.isEmpty {
            object["row_passes"] = .array(
                result.rowPasses.sorted { ($0.value.rate, $0.key) < ($1.value.rate, $1.key) }.map { row, passes in
                    [
                        "row": .string(row), "input": .string(passes.input), "passed": .int(passes.passed),
                        "runs": .int(passes.runs),
                    ]
                })
        }
        return .object(object)
    }

    private func rows(_ classes: RowClasses) -> JSONValue {
        [
            "regressed": .int(classes.regressed), "improved": .int(classes.improved),
            "unchanged": .int(classes.unchanged), "failing_both": .int(classes.failingBoth),
            "errored": .int(classes.errored), "unpaired": .int(classes.unpaired),
            "only_current": .int(classes.onlyCurrent), "only_baseline": .int(classes.onlyBaseline),
        ]
    }

    /// The full texts: JSON carries everything, the other views shorten.
    private func example(_ row: RowExample) -> JSONValue {
        [
            "row": .string(row.row), "input": .string(row.input), "expected_output": .string(row.expected),
            "baseline_output": .string(row.baselineOutput), "current_output": .string(row.currentOutput),
            "baseline_score": number(row.baselineScore), "current_score": number(row.currentScore),
        ]
    }

    private func statistics(_ statistics: ScoreStatistics) -> JSONValue {
        [
            "count": .int(statistics.count), "mean": number(statistics.mean), "min": number(statistics.min),
            "max": number(statistics.max), "pass_rate": number(statistics.passRate),
            "is_boolean": .bool(statistics.isBoolean),
        ]
    }

    private func gate(_ verdict: GateVerdict) -> JSONValue {
        [
            "key": .string(verdict.key), "evaluator": .string(verdict.evaluator),
            "condition": .string(verdict.condition.rawValue), "bound": number(verdict.bound),
            "value": number(verdict.value), "outcome": .string(verdict.outcome.rawValue),
            "reason": .string(verdict.reason), "confidence": number(verdict.confidence),
            "interval": verdict.interval.map { [number($0.lowerBound), number($0.upperBound)] } ?? .null,
            "samples": verdict.samples.map(JSONValue.int) ?? .null, "method": optional(verdict.method),
            "detectable": number(verdict.detectable),
            "rows_to_decide": verdict.rowsToDecide.map(JSONValue.int) ?? .null,
            "repeats": verdict.repeats.map(JSONValue.int) ?? .null,
            "location": verdict.location.map { location in
                ["file": .string(location.file), "line": .int(location.line), "column": .int(location.column)]
            } ?? .null,
        ]
    }

    private func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }

    private func number(_ value: Double?) -> JSONValue {
        guard let value, value.isFinite else { return .null }
        return (try? JSONValue(parsing: Format.number(value))) ?? .null
    }
}
