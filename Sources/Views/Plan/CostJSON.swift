import Applying
import Foundation
import Lockfiles
import Planning
import RespanCore
import Results

/// The estimate in the JSON plan (`schemas/plan.schema.json` `cost`).
enum CostJSON {
    static func document(_ estimate: CostEstimate?) -> JSONValue {
        guard let estimate else { return .null }
        func number(_ value: Double?) -> JSONValue {
            guard let value, value.isFinite else { return .null }
            return (try? JSONValue(parsing: String(format: "%.6f", value))) ?? .null
        }
        return [
            "estimate": true, "currency": "USD", "prices_checked": .string(estimate.pricesChecked),
            "total": number(estimate.total), "unknown_runs": .int(estimate.unknown.count),
            "runs": .array(
                estimate.runs.map { run in
                    [
                        "key": .string(run.key), "rows": run.rows.map(JSONValue.int) ?? .null,
                        "input_tokens": run.inputTokens.map(JSONValue.int) ?? .null,
                        "output_tokens": run.outputTokens.map(JSONValue.int) ?? .null, "dollars": number(run.dollars),
                        "unpriced_models": .array(run.unpricedModels.map(JSONValue.string)),
                        "assumptions": .array(run.assumptions.map(JSONValue.string)),
                    ]
                }),
        ]
    }
}
