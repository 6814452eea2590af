import Lockfiles
import RespanAPI
import RespanCore

/// An evaluator's statistics from a run's `/logs/summary/` alone: what a run both sides share
/// needs for its gates other than `max_regression`, at one request and no trace page.
enum SummaryScores {
    /// The count and mean (the pass rate for a boolean) under `key`, matched as the score's key
    /// or its `evaluator_id` / `evaluator_slug`; nil when the summary has no such score.
    static func statistics(_ summary: TraceSummary, key: String) -> ScoreStatistics? {
        let scores = summary.raw["scores"]?.objectValue ?? [:]
        let entry =
            scores[key]
            ?? scores.values.first {
                $0["evaluator_id"]?.stringValue == key || $0["evaluator_slug"]?.stringValue == key
            }
        guard let entry, let mean = entry["avg_score"]?.numberValue?.doubleValue ?? entry.numberValue?.doubleValue
        else { return nil }
        let isBoolean = entry["score_value_type"]?.stringValue == "boolean" || entry["true_count"] != nil
        let count = entry["count"]?.numberValue?.intValue ?? summary.numberOfRequests ?? 0
        return ScoreStatistics(count: count, mean: mean, isBoolean: isBoolean)
    }
}
