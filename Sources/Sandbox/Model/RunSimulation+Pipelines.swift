import RespanCore

/// Where an evaluator workflow's per-row scores live (respan-api.md §9, from respan-mcp's
/// `lib/develop/experiments.ts`): not in a trace's `scores` but in its `task_metrics`, under a
/// task key containing `eval`, as `{output}` where `output` is a JSON text
/// `{"workflow_type": "eval", "output": {primary_score, evaluator_id, evaluator_name,
/// score_value_type}}`. The list endpoint cuts that text to about 50 characters, so a client
/// must read the trace's detail, whose `span_tree` carries one `eval.task…` node per pipeline
/// with the whole text in `output`.
extension RunSimulation {
    /// Characters of an eval task's `output` the trace list keeps (the detail keeps all).
    static let listedTaskOutputLength = 50

    /// The evaluator workflows (pipelines) this run scores with.
    var pipelineKeys: [String] { record.evaluatorWorkflowIDs }

    /// The task key in `task_metrics` and the `span_name` of the pipeline's span-tree node.
    func evalTaskName(_ key: String) -> String { "eval.task.\(key)" }

    /// The JSON text of one pipeline's eval task output on one row.
    func pipelineOutput(_ key: String, row: Int) -> String {
        let header = scoreHeader(key)
        let boolean = valueType(key) == "boolean"
        let output: JSONValue = [
            "workflow_type": "eval",
            "output": [
                "primary_score": boolean ? .bool(passes(key, row: row)) : score(key, row: row).json,
                "evaluator_id": header["evaluator_id"] ?? .string(key),
                "evaluator_name": header["evaluator_name"] ?? .string(key),
                "score_value_type": .string(valueType(key)),
            ],
        ]
        return output.serialized()
    }

    /// A trace's `task_metrics`: one eval task per pipeline, its output cut short unless `full`.
    func taskMetrics(row: Int, full: Bool) -> JSONValue {
        var metrics: [String: JSONValue] = [:]
        for key in pipelineKeys {
            let text = pipelineOutput(key, row: row)
            metrics[evalTaskName(key)] = [
                "output": .string(full ? text : String(text.prefix(Self.listedTaskOutputLength)))
            ]
        }
        return .object(metrics)
    }

    /// The detail's `eval.task…` span nodes, one per pipeline, after the workflow's steps.
    func evalTaskNodes(row: Int, after figures: SpanFigures) -> [JSONValue] {
        pipelineKeys.map { key in
            let span = SpanFigures(
                id: "span_" + Self.hex(traceID(row: row), "eval", key), name: evalTaskName(key),
                start: figures.start + figures.duration, duration: 0, promptTokens: 0, completionTokens: 0,
                spanCount: 1, llmCalls: 0)
            var node = fields(of: span, row: row)
            node["output"] = .string(pipelineOutput(key, row: row))
            node["scores"] = [:]
            node["task_metrics"] = [:]
            node["span_name"] = .string(evalTaskName(key))
            node["log_type"] = "task"
            node["model"] = .null
            node["children"] = []
            return .object(node)
        }
    }
}
