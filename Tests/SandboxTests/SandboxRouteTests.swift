import Foundation
import RespanCore
import TestSupport
import Testing

/// The sandbox answered with raw JSON requests in the shapes respan-api.md documents.
@Suite struct SandboxRouteTests {
    @Test func bearerAuthIsRequired() async throws {
        try await withStarted({ try await SandboxHarness.start() }) { sandbox in
            let missing = try await sandbox.raw("GET", "/api/v2/experiments/", auth: .none)
            #expect(missing.status == 401)
            #expect(missing.json == ["detail": "Authentication credentials were not provided."])
            let wrong = try await sandbox.raw("GET", "/api/v2/experiments/", auth: .header("Bearer nope"))
            #expect(wrong.status == 401)
            #expect(wrong.json?["detail"] == "Invalid API key.")
            let basic = try await sandbox.raw("GET", "/api/v2/experiments/", auth: .header("Basic \(sandbox.token)"))
            #expect(basic.status == 401)
        }
    }

    @Test func createsWithTheDocumentedBodyWithAndWithoutTrailingSlash() async throws {
        // A clock that stands still: the new run is pending when it is read, however slow the machine.
        try await withStarted({ try await SandboxHarness.start { $0.clock = TestClock() } }) { sandbox in
            let created = try await sandbox.raw("POST", "/api/v2/experiments/", body: createBody(id: "exp_9f8b7c6d"))
            #expect(created.status == 201)
            let body = try #require(created.json)
            #expect(body["id"] == "exp_9f8b7c6d")
            #expect(body["status"] == "pending")
            #expect(body["progress"]?.numberValue?.doubleValue == 0)
            #expect(body["started_at"] == .null)
            #expect(body["batch_size"] == 100)
            #expect(body["concurrency"] == 15)
            #expect(body["enable_tracing"] == true)
            #expect(body["span_workflow_name"] == "workflow")
            #expect(body["dataset"] == "ds_support_qa_2024")
            let noSlash = try await sandbox.raw("POST", "/api/v2/experiments", body: createBody())
            #expect(noSlash.status == 201)
            #expect(noSlash.json?["id"]?.stringValue?.hasPrefix("exp_") == true)
            #expect(try await sandbox.raw("GET", "/api/v2/experiments/exp_9f8b7c6d").status == 200)
            #expect(try await sandbox.raw("GET", "/api/v2/experiments/exp_9f8b7c6d/").status == 200)
        }
    }

    @Test func validationFollowsTheDocs() async throws {
        try await withStarted({ try await SandboxHarness.start() }) { sandbox in
            let missing = try await sandbox.raw("POST", "/api/v2/experiments/", body: #"{"name": "x"}"#)
            #expect(missing.status == 422)
            #expect(missing.json?["errors"]?["dataset_id"] == ["This field is required."])
            #expect(missing.json?["errors"]?["workflow"] == ["This field is required."])
            let noScoring = try await sandbox.raw(
                "POST", "/api/v2/experiments/",
                body: """
                    {"dataset_id": "ds_support_qa_2024", "workflow": [{"type": "duplicate", "config": {}}]}
                    """)
            #expect(noScoring.status == 422)
            #expect(noScoring.json?["errors"]?["evaluator_ids"] != nil)
            let both = try await sandbox.raw(
                "POST", "/api/v2/experiments/",
                body: """
                    {"dataset_id": "ds_support_qa_2024", "workflow": [{"type": "duplicate", "config": {}}],
                     "evaluator_ids": ["eval_quality"], "evaluator_workflow_ids": ["wfv_quality_pipeline"]}
                    """)
            #expect(both.status == 422)
            let badStep = try await sandbox.raw(
                "POST", "/api/v2/experiments/",
                body: """
                    {"dataset_id": "ds_support_qa_2024", "workflow": [{"type": "completion"}], "evaluator_ids": ["eval_quality"]}
                    """)
            #expect(badStep.status == 422)
            let notJSON = try await sandbox.raw("POST", "/api/v2/experiments/", body: "{nope")
            #expect(notJSON.status == 400)
            let duplicateKey = try await sandbox.raw(
                "POST", "/api/v2/experiments/", body: #"{"dataset_id": "ds_support_qa_2024", "dataset_id": "ds_other"}"#
            )
            #expect(duplicateKey.status == 400)
            #expect(duplicateKey.json?["detail"]?.stringValue?.contains(#"duplicate key "dataset_id""#) == true)
        }
    }

    @Test func unknownReferencesAreNamed() async throws {
        try await withStarted({ try await SandboxHarness.start() }) { sandbox in
            let dataset = try await sandbox.raw(
                "POST", "/api/v2/experiments/",
                body: """
                    {"dataset_id": "ds_missing", "workflow": [{"type": "duplicate", "config": {}}], "evaluator_ids": ["eval_quality"]}
                    """)
            #expect(dataset.status == 400)
            #expect(dataset.json?["detail"]?.stringValue?.contains("ds_missing") == true)
            let evaluator = try await sandbox.raw(
                "POST", "/api/v2/experiments/",
                body: """
                    {"dataset_id": "ds_support_qa_2024", "workflow": [{"type": "duplicate", "config": {}}], "evaluator_slugs": ["nope"]}
                    """)
            #expect(evaluator.status == 400)
            #expect(evaluator.json?["detail"]?.stringValue?.contains("nope") == true)
        }
    }

    @Test func aDuplicateClientIdIsAConflict() async throws {
        try await withStarted({ try await SandboxHarness.start() }) { sandbox in
            #expect(try await sandbox.raw("POST", "/api/v2/experiments/", body: createBody(id: "exp_a")).status == 201)
            let again = try await sandbox.raw("POST", "/api/v2/experiments/", body: createBody(id: "exp_a"))
            #expect(again.status == 409)
            #expect(again.json?["detail"]?.stringValue?.contains("exp_a") == true)
        }
    }

    @Test func theOlderPluralWorkflowsFieldIsMapped() async throws {
        try await withStarted({ try await SandboxHarness.start() }) { sandbox in
            let created = try await sandbox.raw(
                "POST", "/api/v2/experiments/",
                body: """
                    {"name": "legacy", "dataset_id": "ds_support_qa_2024", "evaluator_slugs": ["quality-assessment"],
                     "workflows": [{"type": "evaluator", "config": {}}]}
                    """)
            #expect(created.status == 201)
            #expect(created.json?["workflow"] == [["type": "eval", "config": [:]]])
        }
    }

    @Test func deleteThen404() async throws {
        try await withStarted({ try await SandboxHarness.start() }) { sandbox in
            _ = try await sandbox.raw("POST", "/api/v2/experiments/", body: createBody(id: "exp_d"))
            let deleted = try await sandbox.raw("DELETE", "/api/v2/experiments/exp_d/")
            #expect(deleted.status == 204)
            #expect(deleted.text.isEmpty)
            let gone = try await sandbox.raw("GET", "/api/v2/experiments/exp_d/")
            #expect(gone.status == 404)
            #expect(gone.json?["detail"] != nil)
            #expect(try await sandbox.raw("GET", "/api/v9/whatever/").status == 404)
        }
    }

    @Test func unknownRoutesAndMethodsAnswerInRespansShape() async throws {
        try await withStarted({ try await SandboxHarness.start() }) { sandbox in
            let route = try await sandbox.raw("GET", "/api/v9/whatever/")
            #expect(route.status == 404)
            #expect(route.json == ["detail": "Route '/api/v9/whatever/' not found."])
            let method = try await sandbox.raw("DELETE", "/api/v2/experiments/")
            #expect(method.status == 405)
            #expect(method.json == ["detail": #"Method "DELETE" not allowed."#])
            #expect(try await sandbox.raw("POST", "/api/v2/experiments/exp_x/", body: "{}").status == 405)
            let traces = try await sandbox.raw("POST", "/api/v2/experiments/exp_missing/logs/list/", body: "{}")
            #expect(traces.status == 404)
            #expect(traces.json == ["detail": "Experiment 'exp_missing' not found."])
            // Slashes doubled or left off make no difference; auth comes before routing.
            #expect(try await sandbox.raw("GET", "//api//datasets").status == 200)
            #expect(try await sandbox.raw("GET", "/api/v9/whatever/", auth: .none).status == 401)
        }
    }
}
