import RespanCore

/// Per-row scores of an evaluator workflow (a pipeline, `evaluator_workflow_ids`), which Respan
/// keeps outside a trace's `scores` (respan-api.md §9, from respan-mcp `lib/develop/experiments.ts`):
///
/// - in the list, `task_metrics` maps a task key containing `eval` to `{"output": TEXT}`, where
///   TEXT is the JSON `{"workflow_type": "eval", "output": {"primary_score", "evaluator_id",
///   "evaluator_name", "score_value_type"}}`, cut to about 50 characters;
/// - in the detail (`GET …/logs/{log_id}/`), the `span_tree` nodes whose `span_name` (or `name`)
///   contains `eval.task` or `llm_eval` carry the whole TEXT (or the object) in `output`.
///
/// A boolean `primary_score` counts as 1 or 0; a number given as text is read as a number.
enum PipelineScores {
    /// The scores found in a trace (list item or detail), keyed by `evaluator_id` (else the task
    /// key), and whether an eval task's output was cut short and the detail must be read.
    static func read(_ trace: JSONValue) -> (scores: [String: Score], cutShort: Bool) {
        var scores: [String: Score] = [:]
        var cutShort = false
        for (taskKey, task) in (trace["task_metrics"]?.objectValue ?? [:]).sorted(by: { $0.key < $1.key })
        where taskKey.contains("eval") {
            guard let output = task["output"], output != .null else { continue }
            if let score = score(in: output, taskKey: taskKey) {
                scores[score.evaluatorID ?? taskKey] = score
            } else if output.stringValue != nil {
                cutShort = true
            }
        }
        for node in nodes(trace["span_tree"]) {
            let name = node["span_name"]?.stringValue ?? node["name"]?.stringValue ?? ""
            guard name.contains("eval.task") || name.contains("llm_eval"), let output = node["output"],
                let score = score(in: output, taskKey: name)
            else { continue }
            scores[score.evaluatorID ?? name] = score
        }
        return (scores, cutShort && !trace["span_tree"].isSome)
    }

    /// The score in one eval task's output (text or object), or nil when it is not one
    /// (cut short, another workflow type, no `primary_score`).
    static func score(in output: JSONValue, taskKey: String) -> Score? {
        let parsed: JSONValue
        if let text = output.stringValue {
            guard let value = try? JSONValue(parsing: Array(text.utf8)) else { return nil }
            parsed = value
        } else {
            parsed = output
        }
        guard parsed["workflow_type"]?.stringValue == "eval", let result = parsed["output"] else { return nil }
        let reader = JSONReader(result)
        let type = reader.string("score_value_type")
        let value: Double
        let isBoolean: Bool
        switch result["primary_score"] {
        case .bool(let flag)?: (value, isBoolean) = (flag ? 1 : 0, true)
        case .number(let number)?: (value, isBoolean) = (number.doubleValue, type == "boolean")
        case .string(let text)?:
            guard let number = Double(text) else { return nil }
            (value, isBoolean) = (number, type == "boolean")
        default: return nil
        }
        return Score(
            evaluatorID: reader.id("evaluator_id"), evaluatorSlug: nil, evaluatorName: reader.string("evaluator_name"),
            taskKey: taskKey, valueType: type, value: value, isBoolean: isBoolean)
    }

    /// Every node of a span tree (an array of roots, or one root), depth first.
    private static func nodes(_ tree: JSONValue?) -> [JSONValue] {
        guard let tree else { return [] }
        let roots = tree.arrayValue ?? (tree.objectValue != nil ? [tree] : [])
        return roots.flatMap { [$0] + nodes($0["children"]) }
    }
}

extension Optional where Wrapped == JSONValue {
    fileprivate var isSome: Bool {
        if case .some(let value) = self { return value != .null }
        return false
    }
}
