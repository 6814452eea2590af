import RespanCore

extension RunSimulation {
    func traceID(row: Int) -> String { "trace_" + Self.hex(record.id, String(record.runNumber), String(row)) }

    /// The row index of a trace id of this run, if it is one.
    func row(ofTrace id: String) -> Int? {
        (0..<visibleRows).first { traceID(row: $0) == id }
    }

    func trace(row: Int, detail: Bool = false) -> JSONValue {
        let input = dataset(row: row)
        let duration = 0.4 + Self.unit(record.id, "latency", String(row)) * 1.6
        let prompt = 40 + Int(Self.unit(record.id, "prompt", String(row)) * 200)
        let completion = 20 + Int(Self.unit(specKey, "completion", String(row)) * 300)
        let start = record.runStartedAt + Double(row) * (runSeconds / Double(max(rowCount, 1)))
        let model = models.first ?? "passthrough"
        var trace: [String: JSONValue] = [
            "id": .string(traceID(row: row)), "trace_unique_id": .string(traceID(row: row)),
            "root_span_unique_id": .string("span_" + Self.hex(traceID(row: row))),
            "environment": "sandbox", "customer_identifier": "respan-plan-sandbox",
            "name": .string(record.spanWorkflowName), "input": .string(input.input),
            "output": .string("[\(model)] \(input.expected)"), "expected_output": .string(input.expected),
            "status": "success", "comparison_key": .string(Self.hex(record.datasetID, String(row))),
            "start_time": start.iso8601, "end_time": (start + duration).iso8601, "duration": duration.json,
            "span_count": .int((record.workflow.arrayValue?.count ?? 0) + 1), "llm_call_count": .int(models.count),
            "total_prompt_tokens": .int(prompt), "total_completion_tokens": .int(completion),
            "total_tokens": .int(prompt + completion), "total_cost": (Double(prompt + completion) * 2e-6).json,
            "error_count": 0, "scores": .object(scores(row: row)),
        ]
        if detail {
            trace["span_tree"] = [
                [
                    "span_name": .string(record.spanWorkflowName), "log_type": "workflow",
                    "model": .string(model), "children": [],
                ]
            ]
        }
        return .object(trace)
    }

    private func dataset(row: Int) -> (input: String, expected: String) {
        catalog.dataset(record.datasetID)?.rows[row] ?? ("", "")
    }

    private func scores(row: Int) -> [String: JSONValue] {
        var scores: [String: JSONValue] = [:]
        for key in record.scoringKeys {
            var entry = scoreHeader(key)
            entry["numerical_value"] = score(key, row: row).json
            entry["string_value"] = .null
            entry["boolean_value"] = .null
            entry["categorical_value"] = []
            entry["json_value"] = .null
            scores[key] = .object(entry)
        }
        return scores
    }

    func scoreHeader(_ key: String) -> [String: JSONValue] {
        let evaluator = catalog.evaluator(id: key) ?? catalog.evaluator(slug: key)
        return [
            "evaluator_id": .string(evaluator?.id ?? key), "evaluator_slug": .string(evaluator?.slug ?? key),
            "evaluator_name": .string(evaluator?.name ?? catalog.evaluatorWorkflows[key] ?? key),
            "score_value_type": "numerical",
        ]
    }

    /// `/logs/summary/`: totals over the traces that exist, and the mean score per evaluator.
    var summary: JSONValue {
        let traces = (0..<visibleRows).map { trace(row: $0) }
        func total(_ key: String) -> Double { traces.reduce(0) { $0 + ($1[key]?.numberValue?.doubleValue ?? 0) } }
        let count = Double(max(traces.count, 1))
        var scores: [String: JSONValue] = [:]
        for key in record.scoringKeys where visibleRows > 0 {
            var header = scoreHeader(key)
            let values = (0..<visibleRows).map { score(key, row: $0) }
            header["avg_score"] = (((values.reduce(0, +) / Double(values.count)) * 10000).rounded() / 10000).json
            header["count"] = .int(values.count)
            scores[key] = .object(header)
        }
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

    /// `/histogram/`: the distribution of one evaluator's scores over [0, 1].
    func histogram(evaluator key: String, bins: Int) -> JSONValue {
        let values = (0..<visibleRows).map { score(key, row: $0) }
        var counts = [Int](repeating: 0, count: bins)
        for value in values { counts[min(bins - 1, Int(value * Double(bins)))] += 1 }
        let header = scoreHeader(key)
        let binValues: [JSONValue] = (0..<bins).map { index in
            [
                "lower": (Double(index) / Double(bins)).json, "upper": (Double(index + 1) / Double(bins)).json,
                "count": .int(counts[index]),
            ]
        }
        let mean = values.isEmpty ? JSONValue.null : (values.reduce(0, +) / Double(values.count)).json
        return [
            "evaluator_id": header["evaluator_id"] ?? .string(key), "evaluator_slug": header["evaluator_slug"] ?? .null,
            "evaluator_name": header["evaluator_name"] ?? .null, "bins": .array(binValues),
            "stats": [
                "min": values.min()?.json ?? .null, "max": values.max()?.json ?? .null, "mean": mean,
                "total": .int(values.count),
            ],
        ]
    }
}
