import RespanCore
import Sandbox
import TestSupport
import Testing

/// The trace routes where the docs leave room (respan-api.md §9): 413 on pages of full text,
/// `preview_length`, pipeline scores outside `scores`, and `wait` traces before submission.
@Suite struct TraceRoutesTests {
    static func create(_ sandbox: SandboxHarness, _ body: String) async throws {
        let created = try await sandbox.raw("POST", "/api/v2/experiments/", body: body)
        #expect(created.status == 201, "\(created.text)")
    }

    @Test func pagesOfFullTextOverTheLimitAre413AndPreviewsAreServed() async throws {
        try await withStarted({ try await SandboxHarness.start { $0.runSeconds = 0 } }) { sandbox in
            try await Self.create(sandbox, createBody(id: "exp_p"))
            let refused = try await sandbox.raw("POST", "/api/v2/experiments/exp_p/logs/list/?page_size=51", body: "{}")
            #expect(refused.status == 413 && refused.json?["detail"]?.stringValue?.contains("preview_length") == true)
            let previewed = try await sandbox.raw(
                "POST", "/api/v2/experiments/exp_p/logs/list/?page_size=100&preview_length=4", body: "{}")
            let traces = previewed.json?["results"]?.arrayValue ?? []
            #expect(previewed.status == 200 && traces.count == 36)
            #expect(
                traces.allSatisfy {
                    ($0["output"]?.stringValue?.count ?? 99) <= 4 && $0["scores"]?["eval_quality"] != nil
                })
            let served = try await sandbox.raw("POST", "/api/v2/experiments/exp_p/logs/list/?page_size=50", body: "{}")
            #expect(served.status == 200)
        }
    }

    @Test func theSummaryOfMoreTracesThanTheLimitIs413() async throws {
        try await withStarted({
            try await SandboxHarness.start {
                $0.runSeconds = 0
                $0.behaviour.tracePageLimit = 10
            }
        }) { sandbox in
            try await Self.create(sandbox, createBody(id: "exp_s"))
            #expect(try await sandbox.raw("POST", "/api/v2/experiments/exp_s/logs/summary/", body: "{}").status == 413)
        }
    }

    @Test func pipelineScoresAreInTaskMetricsCutShortAndWholeInTheDetail() async throws {
        try await withStarted({ try await SandboxHarness.start { $0.runSeconds = 0 } }) { sandbox in
            try await Self.create(
                sandbox,
                #"{"experiment_id": "exp_w", "dataset_id": "ds_support_qa_2024", "evaluator_workflow_ids": ["wfv_quality_pipeline"], "workflow": [{"type": "completion", "config": {"model": "gpt-4.1"}}]}"#
            )
            let page = try await sandbox.raw("POST", "/api/v2/experiments/exp_w/logs/list/?page_size=1", body: "{}")
            let trace = try #require(page.json?["results"]?.arrayValue?.first)
            #expect(trace["scores"] == [:])
            let listed = try #require(trace["task_metrics"]?["eval.task.wfv_quality_pipeline"]?["output"]?.stringValue)
            #expect(listed.count == 50)
            let id = try #require(trace["id"]?.stringValue)
            let detail = try await sandbox.raw("GET", "/api/v2/experiments/exp_w/logs/\(id)/")
            let node = try #require(detail.json?["span_tree"]?.arrayValue?.first?["children"]?.arrayValue?.last)
            #expect(node["span_name"] == "eval.task.wfv_quality_pipeline")
            let output = try JSONValue(parsing: try #require(node["output"]?.stringValue))
            #expect(output["workflow_type"] == "eval" && output["output"]?["primary_score"]?.numberValue != nil)
        }
    }

    @Test func aWaitTraceHasThePendingWordUntilItsOutputIsSubmitted() async throws {
        try await withStarted({
            try await SandboxHarness.start {
                $0.runSeconds = 0
                $0.behaviour.pendingTraceStatus = "success"
            }
        }) { sandbox in
            try await Self.create(
                sandbox,
                #"{"experiment_id": "exp_wait", "dataset_id": "ds_support_qa_2024", "evaluator_ids": ["eval_quality"], "workflow": [{"type": "wait", "config": {}}]}"#
            )
            let path = "/api/v2/experiments/exp_wait/logs/list/?page_size=1"
            let before = try #require(
                try await sandbox.raw("POST", path, body: "{}").json?["results"]?.arrayValue?.first)
            #expect(before["status"] == "success" && before["output"] == .null && before["scores"] == [:])
            let id = try #require(before["id"]?.stringValue)
            let answered = try await sandbox.raw(
                "PATCH", "/api/v2/experiments/exp_wait/logs/\(id)/", body: #"{"input": "q", "output": "my answer"}"#)
            #expect(answered.status == 200)
            let after = try #require(
                try await sandbox.raw("POST", path, body: "{}").json?["results"]?.arrayValue?.first)
            #expect(after["output"] == "my answer" && after["scores"]?["eval_quality"] != nil)
        }
    }
}
