import RespanCore

extension RunSimulation {
    /// The detail view's `span_tree` (respan-api.md §2.5): the root workflow span, carrying the
    /// trace's fields and scores, with one child span per workflow step. Every node carries the
    /// trace fields with its own `id`, plus `span_name`, `log_type`, `model` and `children`; the
    /// trace's `span_count` is the number of nodes. A step with a model is an LLM call and gets
    /// a share of the trace's tokens; the steps split the trace's time evenly, in order. Each
    /// evaluator workflow adds an `eval.task…` node carrying its score (`RunSimulation+Pipelines`).
    func spanTree(row: Int) -> JSONValue {
        let trace = traceFigures(row: row)
        var root = fields(of: trace, row: row)
        root["id"] = .string(rootSpanID(row: row))
        root["scores"] = .object(scores(row: row))
        root["task_metrics"] = taskMetrics(row: row, full: true)
        root["span_name"] = .string(record.spanWorkflowName)
        root["log_type"] = "workflow"
        root["model"] = models.first.map { .string($0) } ?? .null
        root["children"] = .array(
            steps.indices.map { stepNode($0, of: trace, row: row) } + evalTaskNodes(row: row, after: trace))
        return [.object(root)]
    }

    private func stepNode(_ index: Int, of trace: SpanFigures, row: Int) -> JSONValue {
        let type = steps[index]["type"]?.stringValue ?? "step"
        let model = self.model(of: steps[index])
        let llmIndex = steps[..<index].filter { self.model(of: $0) != nil }.count
        let share = trace.duration / Double(max(steps.count, 1))
        let figures = SpanFigures(
            id: "span_" + Self.hex(traceID(row: row), String(index)), name: type,
            start: trace.start + Double(index) * share, duration: share,
            promptTokens: model == nil ? 0 : Self.part(trace.promptTokens, llmIndex, of: trace.llmCalls),
            completionTokens: model == nil ? 0 : Self.part(trace.completionTokens, llmIndex, of: trace.llmCalls),
            spanCount: 1, llmCalls: model == nil ? 0 : 1)
        var node = fields(of: figures, row: row)
        node["scores"] = [:]
        node["task_metrics"] = [:]
        node["span_name"] = .string(type)
        node["log_type"] = model == nil ? "task" : "chat"
        node["model"] = model.map { .string($0) } ?? .null
        node["children"] = []
        return .object(node)
    }

    /// The `index`th of `parts` shares of `total`; the first takes the remainder, so they sum to it.
    private static func part(_ total: Int, _ index: Int, of parts: Int) -> Int {
        guard parts > 0 else { return 0 }
        return total / parts + (index == 0 ? total % parts : 0)
    }
}
