import Foundation
import RespanCore
import Sandbox
import TestSupport
import Testing

/// Pseudo-scores: deterministic from the spec, boolean for one seeded evaluator, and
/// traces paired across specs by `comparison_key`; the embedded sandbox's short runs.
@Suite struct SandboxScoreTests {
    static func body(id: String, model: String, evaluators: [String], dataset: String = "ds_support_qa_2024") -> String
    {
        let ids = evaluators.map { "\"\($0)\"" }.joined(separator: ", ")
        return """
            {"experiment_id": "\(id)", "dataset_id": "\(dataset)", "evaluator_ids": [\(ids)],
             "workflow": [{"type": "completion", "config": {"model": "\(model)"}}]}
            """
    }

    static func traces(_ sandbox: SandboxHarness, _ id: String) async throws -> [JSONValue] {
        let page = try await sandbox.raw("POST", "/api/v2/experiments/\(id)/logs/list/?page_size=50", body: "{}")
        return page.json?["results"]?.arrayValue ?? []
    }

    @Test func oneSeededEvaluatorScoresPassOrFailDeterministically() async throws {
        try await withStarted({ try await SandboxHarness.start { $0.runSeconds = 0 } }) { sandbox in
            for id in ["exp_b1", "exp_b2"] {
                _ = try await sandbox.raw(
                    "POST", "/api/v2/experiments/",
                    body: Self.body(id: id, model: "gpt-4.1", evaluators: ["eval_quality", "eval_exact_match"]))
            }
            let evaluator = try await sandbox.raw("GET", "/api/evaluators/eval_exact_match/")
            #expect(
                evaluator.json?["score_value_type"] == "boolean" && evaluator.json?["evaluator_slug"] == "exact-match")
            let first = try await Self.traces(sandbox, "exp_b1"), second = try await Self.traces(sandbox, "exp_b2")
            // Row by row (paired by comparison_key), the same spec gives the same verdicts.
            func verdicts(_ traces: [JSONValue]) -> [String: Bool] {
                var verdicts: [String: Bool] = [:]
                for trace in traces {
                    guard let key = trace["comparison_key"]?.stringValue,
                        let verdict = trace["scores"]?["eval_exact_match"]?["boolean_value"]?.boolValue
                    else { continue }
                    verdicts[key] = verdict
                }
                return verdicts
            }
            #expect(verdicts(first).count == 36)
            #expect(verdicts(first) == verdicts(second))
            let score = try #require(first.first?["scores"]?["eval_exact_match"])
            #expect(score["score_value_type"] == "boolean" && score["numerical_value"] == .null)
            #expect(first.first?["scores"]?["eval_quality"]?["score_value_type"] == "numerical")

            let passed = verdicts(first).values.filter { $0 }.count
            #expect(passed > 0 && passed < 36)  // both outcomes occur for this spec
            let summary = try await sandbox.raw("POST", "/api/v2/experiments/exp_b1/logs/summary/", body: "{}")
            let aggregate = try #require(summary.json?["scores"]?["eval_exact_match"])
            #expect(aggregate["true_count"]?.intValue == passed && aggregate["false_count"]?.intValue == 36 - passed)
            #expect(aggregate["score_value_type"] == "boolean" && aggregate["count"] == 36)
            let rate = ((Double(passed) / 36) * 10000).rounded() / 10000
            #expect(aggregate["avg_score"]?.numberValue?.doubleValue == rate)  // the pass rate

            let histogram = try await sandbox.raw(
                "GET", "/api/v2/experiments/exp_b1/histogram/?evaluator_id=eval_exact_match&bins=10")
            let bins = histogram.json?["bins"]?.arrayValue ?? []
            #expect(bins.map { $0["label"] } == ["false", "true"])
            #expect(bins.map { $0["count"]?.intValue } == [36 - passed, passed])
            #expect(histogram.json?["stats"]?["total"] == 36)
            #expect(histogram.json?["stats"]?["min"]?.numberValue?.doubleValue == 0)
            #expect(histogram.json?["stats"]?["max"]?.numberValue?.doubleValue == 1)
        }
    }

    /// The numbers the results tests and the README rely on are unchanged by the boolean evaluator.
    @Test func numericalScoresKeepTheirValues() async throws {
        try await withStarted({ try await SandboxHarness.start { $0.runSeconds = 0 } }) { sandbox in
            for (id, model) in [("exp_41", "gpt-4.1"), ("exp_4o", "gpt-4o")] {
                _ = try await sandbox.raw(
                    "POST", "/api/v2/experiments/", body: Self.body(id: id, model: model, evaluators: ["eval_quality"]))
            }
            func mean(_ id: String) async throws -> Double? {
                let summary = try await sandbox.raw("POST", "/api/v2/experiments/\(id)/logs/summary/", body: "{}")
                return summary.json?["scores"]?["eval_quality"]?["avg_score"]?.numberValue?.doubleValue
            }
            #expect(try await mean("exp_41") == 0.7549)
            #expect(try await mean("exp_4o") == 0.5229)
        }
    }

    @Test func twoSpecsOnOneDatasetShareEveryComparisonKey() async throws {
        try await withStarted({ try await SandboxHarness.start { $0.runSeconds = 0 } }) { sandbox in
            let specs = [
                ("exp_k1", "gpt-4.1", ["eval_quality"], "ds_support_qa_2024"),
                ("exp_k2", "gpt-4o", ["eval_exact_match", "eval_tone"], "ds_support_qa_2024"),
                ("exp_k3", "gpt-4.1", ["eval_quality"], "ds_escalations_2024"),
            ]
            var keys: [String: [String]] = [:]
            for (id, model, evaluators, dataset) in specs {
                _ = try await sandbox.raw(
                    "POST", "/api/v2/experiments/",
                    body: Self.body(id: id, model: model, evaluators: evaluators, dataset: dataset))
                keys[id] = try await Self.traces(sandbox, id).compactMap { $0["comparison_key"]?.stringValue }
            }
            let one = Set(keys["exp_k1"] ?? []), two = Set(keys["exp_k2"] ?? [])
            #expect(one.count == 36 && keys["exp_k1"]?.count == 36)
            #expect(one == two)
            #expect(Set(keys["exp_k3"] ?? []).isDisjoint(with: one))  // another dataset's rows pair with none
            // The row behind a key is the same on both sides.
            let inputs = try await Self.traces(sandbox, "exp_k2").map { ($0["comparison_key"], $0["input"]) }
            let byKey = Dictionary(
                uniqueKeysWithValues: try await Self.traces(sandbox, "exp_k1").map {
                    ($0["comparison_key"], $0["input"])
                })
            #expect(inputs.allSatisfy { byKey[$0.0] == $0.1 })
        }
    }

    @Test func theEmbeddedSandboxFinishesARunInThreeSeconds() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let clock = TestClock()
        var configuration = SandboxConfiguration.embedded(besideManifest: directory.path("experiments.yaml"))
        configuration.clock = clock
        #expect(configuration.dataDirectory?.path == directory.path(".respan/sandbox"))
        try await withStarted({ try await SandboxServer.start(configuration) }) { server in
            func status() async throws -> JSONValue? {
                try await SandboxHarness.raw(
                    "GET", server.url + "/api/v2/experiments/exp_e/", authorization: "Bearer \(server.token)"
                ).json?["status"]
            }
            _ = try await SandboxHarness.raw(
                "POST", server.url + "/api/v2/experiments/",
                body: Self.body(id: "exp_e", model: "m", evaluators: ["eval_quality"]),
                authorization: "Bearer \(server.token)")
            clock.advance(by: .milliseconds(2900))
            #expect(try await status() == "running")
            clock.advance(by: .milliseconds(100))
            #expect(try await status() == "completed")
        }
    }
}
