import Foundation
import RespanCore
import Sandbox
import TestSupport
import Testing

/// Datasets and evaluators made through the API, as raw JSON requests.
@Suite struct SandboxManagedTests {
    static func dataset(_ sandbox: SandboxHarness) async throws -> String {
        let created = try await sandbox.raw("POST", "/api/datasets/", body: #"{"name": "d", "is_empty": true}"#)
        #expect(created.status == 201)
        return try #require(created.json?["id"]?.stringValue)
    }

    @Test func bulkRowsSucceedOrFailOneByOne() async throws {
        try await withStarted({ try await SandboxHarness.start() }) { sandbox in
            let id = try await Self.dataset(sandbox)
            let bulk = try await sandbox.raw(
                "POST", "/api/datasets/\(id)/logs/bulk/",
                body:
                    #"{"logs": [{"input": "a"}, {"output": "no input"}, {"input": {"q": 2}, "expected_output": "b"}, 7]}"#
            )
            #expect(bulk.json?["success_count"] == 2 && bulk.json?["error_count"] == 2)
            #expect(bulk.json?["errors"]?.arrayValue?.compactMap { $0["index"]?.intValue } == [1, 3])
            let dataset = try await sandbox.raw("GET", "/api/datasets/\(id)/")
            #expect(dataset.json?["log_count"] == 2)
            let listed = try await sandbox.raw("POST", "/api/datasets/\(id)/logs/list/?page_size=1", body: "{}")
            #expect(listed.json?["count"] == 2 && listed.json?["results"]?.arrayValue?.first?["input"] == "a")
        }
    }

    @Test func withoutIsEmptyACreateNeedsTimesAndSeededDatasetsAreReadOnly() async throws {
        try await withStarted({ try await SandboxHarness.start() }) { sandbox in
            let create = try await sandbox.raw("POST", "/api/datasets/", body: #"{"name": "d"}"#)
            #expect(create.status == 422 && create.json?["errors"]?["start_time"] != nil)
            let patch = try await sandbox.raw("PATCH", "/api/datasets/ds_support_qa_2024/", body: #"{"name": "x"}"#)
            #expect(patch.status == 403)
        }
    }

    /// A committed version changes the scores of runs that start after it; a run keeps the
    /// scores of the version it ran with.
    @Test func aRunKeepsTheScoresOfTheVersionItRanWith() async throws {
        try await withStarted({ try await SandboxHarness.start { $0.runSeconds = 0 } }) { sandbox in
            let created = try await sandbox.raw(
                "POST", "/api/evaluators/",
                body:
                    #"{"name": "tone", "type": "llm", "score_value_type": "numerical", "score_config": {"min_score": 1, "max_score": 5}, "llm_config": {"model": "m", "evaluator_definition": "v1"}}"#
            )
            let evaluator = try #require(created.json?["id"]?.stringValue)
            _ = try await sandbox.raw(
                "POST", "/api/evaluators/\(evaluator)/versions/", body: #"{"version_description": "v1"}"#)
            func run(_ id: String) async throws -> [Double] {
                _ = try await sandbox.raw(
                    "POST", "/api/v2/experiments/",
                    body: SandboxScoreTests.body(id: id, model: "m", evaluators: [evaluator]))
                return try await SandboxScoreTests.traces(sandbox, id).compactMap {
                    $0["scores"]?[evaluator]?["numerical_value"]?.numberValue?.doubleValue
                }
            }
            let before = try await run("exp_v1")
            #expect(before.count == 36 && before.allSatisfy { (1...5).contains($0) })
            _ = try await sandbox.raw(
                "PATCH", "/api/evaluators/\(evaluator)/",
                body: #"{"llm_config": {"model": "m", "evaluator_definition": "v2"}}"#)
            let committed = try await sandbox.raw(
                "POST", "/api/evaluators/\(evaluator)/versions/", body: #"{"version_description": "v2"}"#)
            // 0.1.47: the commit answers the next editable draft; version 0 was the first draft.
            #expect(committed.json?["version"] == 2 && committed.json?["is_read_only"] == false)
            let versions = try await sandbox.raw("GET", "/api/evaluators/\(evaluator)/versions/")
            #expect(versions.json?["results"]?.arrayValue?.compactMap { $0["version"]?.intValue } == [2, 1, 0])
            let frozen = versions.json?["results"]?.arrayValue?.first { $0["version"] == 1 }
            #expect(frozen?["is_read_only"] == true && frozen?["version_description"] == "v2")
            #expect(try await run("exp_v2") != before)
            let again = try await SandboxScoreTests.traces(sandbox, "exp_v1")
                .compactMap { $0["scores"]?[evaluator]?["numerical_value"]?.numberValue?.doubleValue }
            #expect(again == before)
        }
    }
}
