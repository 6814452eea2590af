import RespanCore

extension RunSimulation {
    func traceID(row: Int) -> String { "trace_" + Self.hex(record.id, String(record.runNumber), String(row)) }

    func rootSpanID(row: Int) -> String { "span_" + Self.hex(traceID(row: row)) }

    /// The row index of a trace id of this run, if it is one.
    func row(ofTrace id: String) -> Int? {
        (0..<visibleRows).first { traceID(row: $0) == id }
    }

    /// One trace; `detail` adds the `span_tree` (see `spanTree(row:)`). A `wait` workflow's
    /// trace awaits its output: until one is submitted it has the behaviour's pending status
    /// word, no output and no scores; then `success`, the submitted output and its scores.
    func trace(row: Int, detail: Bool = false) -> JSONValue {
        var trace = fields(of: traceFigures(row: row), row: row)
        if awaitsSubmission(row: row) {
            trace["status"] = .string(behaviour.pendingTraceStatus)
            trace["output"] = .null
            trace["scores"] = [:]
            trace["task_metrics"] = [:]
            return .object(trace)
        }
        if let submitted = submissions[traceID(row: row)] { trace["output"] = submitted }
        trace["scores"] = .object(scores(row: row))
        trace["task_metrics"] = taskMetrics(row: row, full: detail)
        if detail { trace["span_tree"] = spanTree(row: row) }
        return .object(trace)
    }

    /// Whether the workflow has a `wait` step (its traces wait for an output, respan-api.md §2.6).
    var waitsForOutputs: Bool { steps.contains { $0["type"]?.stringValue == "wait" } }

    func awaitsSubmission(row: Int) -> Bool { waitsForOutputs && submissions[traceID(row: row)] == nil }

    /// Rows whose traces exist and carry scores (a `wait` trace once its output is in).
    var scoredRows: [Int] { (0..<visibleRows).filter { !awaitsSubmission(row: $0) } }

    /// What a trace (or a span of it) measures: its timing, tokens and the spans under it.
    struct SpanFigures {
        var id: String
        var name: String
        var start: Double
        var duration: Double
        var promptTokens: Int
        var completionTokens: Int
        var spanCount: Int
        var llmCalls: Int
    }

    /// The whole trace: a root workflow span with one child span per workflow step.
    func traceFigures(row: Int) -> SpanFigures {
        SpanFigures(
            id: traceID(row: row), name: record.spanWorkflowName,
            start: record.runStartedAt + Double(row) * (runSeconds / Double(max(rowCount, 1))),
            duration: 0.4 + Self.unit(record.id, "latency", String(row)) * 1.6,
            promptTokens: 40 + Int(Self.unit(record.id, "prompt", String(row)) * 200),
            completionTokens: 20 + Int(Self.unit(specKey, "completion", String(row)) * 300),
            spanCount: steps.count + pipelineKeys.count + 1, llmCalls: models.count)
    }

    /// The trace fields respan-api.md §2.5 lists (all but `scores`), which span-tree nodes carry too.
    func fields(of figures: SpanFigures, row: Int) -> [String: JSONValue] {
        let input = rowData(row: row)
        let tokens = figures.promptTokens + figures.completionTokens
        return [
            "id": .string(figures.id), "trace_unique_id": .string(traceID(row: row)),
            "root_span_unique_id": .string(rootSpanID(row: row)), "environment": "sandbox",
            "customer_identifier": "respan-plan-sandbox", "name": .string(figures.name),
            "input": input.input, "output": .string(simulatedOutput(input.expectedText)),
            "expected_output": input.expected, "status": "success",
            "comparison_key": .string(input.comparisonKey),
            "start_time": figures.start.iso8601, "end_time": (figures.start + figures.duration).iso8601,
            "duration": figures.duration.json, "span_count": .int(figures.spanCount),
            "llm_call_count": .int(figures.llmCalls), "total_prompt_tokens": .int(figures.promptTokens),
            "total_completion_tokens": .int(figures.completionTokens), "total_tokens": .int(tokens),
            "total_cost": cost(of: figures).json, "error_count": 0,
        ]
    }

    /// What the trace's tokens cost at its model's list price (RespanCore's `BundledPrices`,
    /// the table the plan's estimate uses); a step without a model, or a model the list does
    /// not know, at $2 per 1,000,000 tokens.
    func cost(of figures: SpanFigures) -> Double {
        let price = models.first.flatMap(BundledPrices.price(of:)) ?? BundledPrices.Price(input: 2, output: 2)
        return (Double(figures.promptTokens) * price.input + Double(figures.completionTokens) * price.output) / 1e6
    }

    var steps: [JSONValue] { record.workflow.arrayValue ?? [] }

    /// What the simulated model answers: the row's expected output, marked with the model.
    func simulatedOutput(_ expected: String) -> String { "[\(models.first ?? "passthrough")] \(expected)" }

    /// The row's output as a check reads it: a `wait` row's submitted output (text as it is,
    /// other JSON as its compact text), else the simulated answer.
    func outputText(row: Int) -> String {
        if waitsForOutputs {
            guard let submitted = submissions[traceID(row: row)] else { return "" }
            return submitted.stringValue ?? submitted.serialized()
        }
        return simulatedOutput(rowData(row: row).expectedText)
    }

    /// One dataset row as a trace shows it. A seeded row's `comparison_key` comes from its
    /// dataset and position; a row added through the API keys on its own `input`, so the same
    /// row pairs across two versions of a managed dataset.
    func rowData(row: Int) -> (input: JSONValue, expected: JSONValue, expectedText: String, comparisonKey: String) {
        guard let dataset = catalog.dataset(record.datasetID) else {
            return ("", "", "", Self.hex(record.datasetID, String(row)))
        }
        guard dataset.logs.indices.contains(row) else {
            let seeded = dataset.rows.indices.contains(row) ? dataset.rows[row] : (input: "", expected: "")
            return (
                .string(seeded.input), .string(seeded.expected), seeded.expected,
                Self.hex(record.datasetID, String(row))
            )
        }
        let log = dataset.logs[row]
        let input = log["input"] ?? .null
        let expected = log["expected_output"] ?? .null
        return (input, expected, expected.stringValue ?? expected.serialized(), Self.hex("row", input.serialized()))
    }

    /// `/logs/summary/`: totals over the traces that exist, and the score aggregate per evaluator.
    var summary: JSONValue {
        let traces = (0..<visibleRows).map { trace(row: $0) }
        func total(_ key: String) -> Double { traces.reduce(0) { $0 + ($1[key]?.numberValue?.doubleValue ?? 0) } }
        let count = Double(max(traces.count, 1))
        var scores: [String: JSONValue] = [:]
        for key in record.scoringKeys where !scoredRows.isEmpty { scores[key] = scoreSummary(key) }
        return [
            "number_of_requests": .int(traces.count), "total_cost": total("total_cost").json,
            "total_tokens": .int(Int(total("total_tokens"))),
            "total_prompt_tokens": .int(Int(total("total_prompt_tokens"))),
            "total_completion_tokens": .int(Int(total("total_completion_tokens"))),
            "avg_latency": (total("duration") / count).json,
            "avg_tps": (total("total_completion_tokens") / max(total("duration"), 1e-9)).json,
            "avg_ttft": (total("duration") / count * 0.25).json, "scores": .object(scores),
        ]
    }
}
