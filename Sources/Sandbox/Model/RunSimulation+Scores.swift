import RespanCore

extension RunSimulation {
    /// The pseudo-score a boolean evaluator's row must reach to pass.
    static let passMark = 0.7

    /// `numerical` or `boolean`: the seeded evaluator's type; evaluator workflows score numbers.
    func valueType(_ key: String) -> String {
        (catalog.evaluator(id: key) ?? catalog.evaluator(slug: key))?.scoreValueType ?? "numerical"
    }

    /// A boolean evaluator's verdict on one row, deterministic from the spec like every score.
    func passes(_ key: String, row: Int) -> Bool { score(key, row: row) >= Self.passMark }

    /// A dataset row whose input holds this text makes every evaluator fail on it (an error,
    /// no value), to exercise evaluator errors.
    static let evaluatorErrorMarker = "sandbox:evaluator-error"
    static let evaluatorErrorMessage = "The evaluator failed on this row (sandbox)."

    func evaluatorFails(row: Int) -> Bool {
        let input = rowData(row: row).input
        return (input.stringValue ?? input.serialized()).contains(Self.evaluatorErrorMarker)
    }

    /// The value statistics use: the score, or 1/0 for a boolean verdict (a check's, judged);
    /// nil for a check that gives the row no score (its trace shows an error instead).
    func statisticValue(_ key: String, row: Int) -> Double? {
        if let judged = checkVerdict(key, row: row) { return judged.passed.map { $0 ? 1 : 0 } }
        return valueType(key) == "boolean" ? (passes(key, row: row) ? 1 : 0) : score(key, row: row)
    }

    /// A check evaluator's verdict on the row's output (`SandboxCheck`), or nil for any other
    /// evaluator: passed, or why it gives no score.
    func checkVerdict(_ key: String, row: Int) -> (passed: Bool?, failure: String?)? {
        guard let check = record.checks[key] else { return nil }
        let logs = catalog.dataset(record.datasetID)?.logs ?? []
        let own = logs.indices.contains(row) ? logs[row]["metadata"]?["assert"]?.arrayValue ?? [] : []
        switch SandboxCheck.verdict(check, output: outputText(row: row), row: own) {
        case .judged(let passed): return (passed, nil)
        case .noScore(let why): return (nil, why)
        }
    }

    func scoreHeader(_ key: String) -> [String: JSONValue] {
        let evaluator = catalog.evaluator(id: key) ?? catalog.evaluator(slug: key)
        return [
            "evaluator_id": .string(evaluator?.id ?? key), "evaluator_slug": .string(evaluator?.slug ?? key),
            "evaluator_name": .string(evaluator?.name ?? catalog.evaluatorWorkflows[key] ?? key),
            "score_value_type": .string(valueType(key)),
        ]
    }

    /// A trace's `scores`: a number in `numerical_value`, or a verdict in `boolean_value`, for
    /// each evaluator scored directly (`evaluator_ids`, `evaluator_slugs`); evaluator workflows'
    /// scores are in `task_metrics` instead (see `RunSimulation+Pipelines`).
    func scores(row: Int) -> [String: JSONValue] {
        var scores: [String: JSONValue] = [:]
        for key in record.evaluatorIDs + record.evaluatorSlugs {
            let boolean = valueType(key) == "boolean"
            var entry = scoreHeader(key)
            let judged = checkVerdict(key, row: row)
            if evaluatorFails(row: row) || judged?.failure != nil {
                for field in ["numerical_value", "boolean_value", "string_value", "json_value"] { entry[field] = .null }
                entry["categorical_value"] = []
                entry["error_message"] = .string(judged?.failure ?? Self.evaluatorErrorMessage)
                scores[key] = .object(entry)
                continue
            }
            entry["numerical_value"] = boolean ? .null : score(key, row: row).json
            entry["boolean_value"] = boolean ? .bool(judged?.passed ?? passes(key, row: row)) : .null
            entry["string_value"] = .null
            entry["categorical_value"] = []
            entry["json_value"] = .null
            scores[key] = .object(entry)
        }
        return scores
    }

    /// `/logs/summary/`'s score aggregate: the mean, or for a boolean the pass rate with its counts.
    func scoreSummary(_ key: String) -> JSONValue {
        var header = scoreHeader(key)
        let values = scoredRows.compactMap { statisticValue(key, row: $0) }
        let mean = values.reduce(0, +) / Double(max(values.count, 1))
        header["avg_score"] = ((mean * 10000).rounded() / 10000).json
        header["count"] = .int(values.count)
        if valueType(key) == "boolean" {
            let passed = values.filter { $0 == 1 }.count
            header["true_count"] = .int(passed)
            header["false_count"] = .int(values.count - passed)
        }
        return .object(header)
    }

    /// `/histogram/`: one evaluator's distribution, over [0, 1] in `bins` bins, or as `false` and
    /// `true` bins for a boolean. The stats are numbers (0) even before any score exists.
    func histogram(evaluator key: String, bins: Int) -> JSONValue {
        let values = scoredRows.compactMap { statisticValue(key, row: $0) }
        let header = scoreHeader(key)
        let mean = values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
        return [
            "evaluator_id": header["evaluator_id"] ?? .string(key), "evaluator_slug": header["evaluator_slug"] ?? .null,
            "evaluator_name": header["evaluator_name"] ?? .null,
            "bins": valueType(key) == "boolean"
                ? Self.booleanBins(values) : Self.bins(values, count: bins, over: scoreRange(key) ?? 0...1),
            "stats": [
                "min": (values.min() ?? 0).json, "max": (values.max() ?? 0).json, "mean": mean.json,
                "total": .int(values.count),
            ],
        ]
    }

    /// The `score_config` range of an evaluator made through the API, if it has one.
    func scoreRange(_ key: String) -> ClosedRange<Double>? {
        (catalog.evaluator(id: key) ?? catalog.evaluator(slug: key))?.scoreRange
    }

    private static func bins(_ values: [Double], count bins: Int, over range: ClosedRange<Double>) -> JSONValue {
        let (low, width) = (range.lowerBound, range.upperBound - range.lowerBound)
        var counts = [Int](repeating: 0, count: bins)
        for value in values { counts[max(0, min(bins - 1, Int((value - low) / width * Double(bins))))] += 1 }
        return .array(
            (0..<bins).map { index in
                [
                    "lower": (low + width * Double(index) / Double(bins)).json,
                    "upper": (low + width * Double(index + 1) / Double(bins)).json, "count": .int(counts[index]),
                ]
            })
    }

    private static func booleanBins(_ values: [Double]) -> JSONValue {
        let passed = values.filter { $0 == 1 }.count
        return [
            ["lower": 0, "upper": 0.5, "count": .int(values.count - passed), "label": "false"],
            ["lower": 0.5, "upper": 1, "count": .int(passed), "label": "true"],
        ]
    }
}
