import Foundation
import RespanCore
import TestSupport
import Testing

/// The answers Respan's Python SDK (respan-api 0.1.47) refused before these fixes, in the shapes
/// respan-api.md §2.5 and §4 document; Tests/contract/sdk_contract.py drives the same through the SDK.
@Suite struct SandboxFidelityTests {
    /// A create body with a workflow of `steps` (JSON objects) and `evaluators`.
    static func body(id: String, steps: [String], evaluators: [String] = ["eval_quality"]) -> String {
        let ids = evaluators.map { "\"\($0)\"" }.joined(separator: ", ")
        return """
            {"experiment_id": "\(id)", "dataset_id": "ds_support_qa_2024", "span_workflow_name": "answer",
             "workflow": [\(steps.joined(separator: ", "))], "evaluator_ids": [\(ids)]}
            """
    }

    static let completion = #"{"type": "completion", "config": {"model": "gpt-4o"}}"#

    @Test func histogramStatsAreNumbersBeforeAnyScoreExists() async throws {
        // Time stands still: the run stays pending.
        try await withStarted({ try await SandboxHarness.start { $0.clock = TestClock() } }) { sandbox in
            let created = try await sandbox.raw(
                "POST", "/api/v2/experiments/",
                body: Self.body(
                    id: "exp_h", steps: [Self.completion], evaluators: ["eval_quality", "eval_exact_match"]))
            #expect(created.json?["status"] == "pending")
            for evaluator in ["eval_quality", "eval_exact_match"] {
                let histogram = try await sandbox.raw(
                    "POST", "/api/v2/experiments/exp_h/histogram/?evaluator_id=\(evaluator)&bins=4")
                #expect(histogram.status == 200)
                let stats = histogram.json?["stats"]
                #expect(["min", "max", "mean", "total"].map { stats?[$0]?.numberValue?.doubleValue } == [0, 0, 0, 0])
                let counts = histogram.json?["bins"]?.arrayValue?.compactMap { $0["count"]?.intValue }
                #expect(counts?.allSatisfy { $0 == 0 } == true && counts?.isEmpty == false)
            }
        }
    }

    /// Every node, depth first.
    static func nodes(_ tree: JSONValue?) -> [JSONValue] {
        (tree?.arrayValue ?? []).flatMap { [$0] + nodes($0["children"]) }
    }

    @Test func spanTreeNodesCarryTheTraceFieldsAndSpanCountCountsThem() async throws {
        try await withStarted({ try await SandboxHarness.start { $0.runSeconds = 0 } }) { sandbox in
            // A prompt step names a prompt made through the API; one that does not exist is refused.
            let refused = try await sandbox.raw(
                "POST", "/api/v2/experiments/",
                body: Self.body(id: "exp_x", steps: [#"{"type": "prompt", "config": {"prompt_id": "p1"}}"#]))
            #expect(refused.status == 400)
            #expect(refused.json?["detail"] == "Prompt 'p1' does not exist.")
            let prompt = try #require(try await sandbox.raw("POST", "/api/prompts/", body: #"{"name": "p"}"#).json)
            let promptID = try #require(prompt["id"]?.stringValue)
            let version = try await sandbox.raw(
                "POST", "/api/prompts/\(promptID)/versions/",
                body: #"{"model": "gpt-4o", "messages": [{"role": "user", "content": "{{question}}"}]}"#)
            #expect(version.json?["version"] == 1)
            let steps = [
                #"{"type": "prompt", "config": {"prompt_id": "\#(promptID)", "version": 1}}"#, Self.completion,
                Self.completion,
            ]
            _ = try await sandbox.raw("POST", "/api/v2/experiments/", body: Self.body(id: "exp_t", steps: steps))
            let list = try await sandbox.raw("POST", "/api/v2/experiments/exp_t/logs/list/?page_size=1", body: "{}")
            let trace = try #require(list.json?["results"]?.arrayValue?.first)
            let traceID = try #require(trace["id"]?.stringValue)
            let detail = try #require(try await sandbox.raw("GET", "/api/v2/experiments/exp_t/logs/\(traceID)/").json)
            let nodes = Self.nodes(detail["span_tree"])
            #expect(nodes.count == 4)  // the workflow span and one per step
            #expect(detail["span_count"]?.intValue == nodes.count)
            let ids = nodes.compactMap { $0["id"]?.stringValue }
            #expect(ids.count == nodes.count && Set(ids).count == nodes.count && !ids.contains(traceID))
            let traceFields = Set(trace.objectValue?.keys.map { $0 } ?? [])
            for node in nodes {
                #expect(traceFields.isSubset(of: Set(node.objectValue?.keys.map { $0 } ?? [])))
                #expect(node["trace_unique_id"]?.stringValue == traceID)
                #expect(node["span_name"]?.stringValue != nil && node["log_type"]?.stringValue != nil)
            }
            let root = nodes[0]
            #expect(root["span_name"] == "answer" && root["log_type"] == "workflow")
            #expect(root["id"] == trace["root_span_unique_id"])
            #expect(root["scores"] == trace["scores"])
            // The prompt step calls its version's model, as the completions call theirs.
            #expect(nodes.dropFirst().map { $0["log_type"] } == ["chat", "chat", "chat"])
            // The LLM steps share the trace's tokens and calls; the steps share its time.
            func sum(_ field: String) -> Int { nodes.dropFirst().compactMap { $0[field]?.intValue }.reduce(0, +) }
            #expect(sum("total_tokens") == trace["total_tokens"]?.intValue)
            #expect(sum("total_prompt_tokens") == trace["total_prompt_tokens"]?.intValue)
            #expect(sum("llm_call_count") == trace["llm_call_count"]?.intValue)
            let durations = nodes.dropFirst().compactMap { $0["duration"]?.numberValue?.doubleValue }.reduce(0, +)
            #expect(abs(durations - (trace["duration"]?.numberValue?.doubleValue ?? 0)) < 1e-9)
            #expect(nodes[1]["start_time"] == trace["start_time"])
        }
    }

    @Test func evaluatorsSummaryAnswersGetAndPost() async throws {
        try await withStarted({ try await SandboxHarness.start() }) { sandbox in
            let listed = try await sandbox.raw("POST", "/api/evaluators/list/", body: "{}")
            let all = try #require(listed.json?["count"]?.intValue)
            #expect(try await sandbox.raw("GET", "/api/evaluators/summary/").json == ["total_count": .int(all)])
            #expect(try await sandbox.raw("GET", "/api/evaluators/summary").json == ["total_count": .int(all)])
            let searched = try await sandbox.raw("GET", "/api/evaluators/summary/?search=quality")
            #expect(searched.json == ["total_count": 1])
            let filtered = try await sandbox.raw(
                "POST", "/api/evaluators/summary/",
                body: #"{"filters": {"score_value_type": {"operator": "", "value": ["boolean"]}}}"#)
            #expect(filtered.status == 200)
            #expect(filtered.json == ["total_count": 1])
            #expect(
                try await sandbox.raw("POST", "/api/evaluators/summary/", body: "{}").json == ["total_count": .int(all)]
            )
            #expect(try await sandbox.raw("DELETE", "/api/evaluators/summary/").status == 405)
            // `summary` is not taken for an evaluator id.
            #expect(try await sandbox.raw("GET", "/api/evaluators/eval_quality/").status == 200)
        }
    }
}
