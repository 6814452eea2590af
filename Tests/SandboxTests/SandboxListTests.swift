import Foundation
import RespanCore
import TestSupport
import Testing

@Suite struct SandboxListTests {
    /// A sandbox holding `count` experiments, on a clock that stands still: their runs stay
    /// pending however long a loaded machine takes (a status filter counts them so).
    func seeded(_ count: Int) async throws -> SandboxHarness {
        let sandbox = try await SandboxHarness.start { $0.clock = TestClock() }
        for index in 0..<count {
            let model = index.isMultiple(of: 2) ? "gpt-4o" : "gpt-4o-mini"
            _ = try await sandbox.raw(
                "POST", "/api/v2/experiments/", body: createBody(id: "exp_\(index)", model: model, name: "Run \(index)")
            )
        }
        return sandbox
    }

    @Test func pagesCarryAbsoluteLinks() async throws {
        try await withStarted({ try await seeded(5) }) { sandbox in
            let first = try await sandbox.raw(
                "POST", "/api/v2/experiments/list/?page=1&page_size=2&sort_by=id", body: "{}")
            #expect(first.json?["count"] == 5)
            #expect(first.json?["previous"] == .null)
            #expect(first.json?["results"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["exp_0", "exp_1"])
            let next = try #require(first.json?["next"]?.stringValue)
            #expect(next == "\(sandbox.url)/api/v2/experiments/list/?page=2&page_size=2&sort_by=id")
            let last = try await sandbox.raw("GET", "/api/v2/experiments/list/?page=3&page_size=2&sort_by=id")
            #expect(last.json?["next"] == .null)
            #expect(last.json?["previous"]?.stringValue?.hasPrefix("http://") == true)
            #expect(last.json?["results"]?.arrayValue?.count == 1)
            let bare = try await sandbox.raw("GET", "/api/v2/experiments/?page_size=3")
            #expect(bare.json?.arrayValue?.count == 3)
            #expect(try await sandbox.raw("GET", "/api/v2/experiments/list/?page_size=101").status == 422)
        }
    }

    @Test func numbersSortAsNumbersNotAsText() async throws {
        try await withStarted({ try await SandboxHarness.start() }) { sandbox in
            for steps in [10, 2, 11, 1] {
                let workflow = Array(repeating: #"{"type": "duplicate", "config": {}}"#, count: steps).joined(
                    separator: ", ")
                let body = """
                    {"experiment_id": "exp_\(steps)", "name": "n", "dataset_id": "ds_support_qa_2024",
                     "workflow": [\(workflow)], "evaluator_ids": ["eval_quality"]}
                    """
                let created = try await sandbox.raw("POST", "/api/v2/experiments/", body: body)
                #expect(created.status == 201, "\(created.text)")
            }
            for (sort, expected) in [("workflow_count", [1, 2, 10, 11]), ("-workflow_count", [11, 10, 2, 1])] {
                let page = try await sandbox.raw("POST", "/api/v2/experiments/list/?sort_by=" + sort, body: "{}")
                let counts = page.json?["results"]?.arrayValue?.compactMap { $0["workflow_count"]?.intValue }
                #expect(counts == expected, "sorted as text: 1, 10, 11, 2")
            }
        }
    }

    @Test(arguments: [
        (#"{"filters": {"id": {"operator": "in", "value": ["exp_1", "exp_3"]}}}"#, 2),
        (#"{"filters": {"id": {"operator": "", "value": ["exp_2"]}}}"#, 1),
        (#"{"filters": {"id": {"operator": "eq", "value": "exp_2"}}}"#, 1),
        (#"{"filters": {"name": {"operator": "contains", "value": ["Run 1"]}}}"#, 1),
        (#"{"filters": {"name": {"operator": "icontains", "value": "run"}}}"#, 4),
        (
            #"{"filters": {"status": {"operator": "", "value": ["pending"]}, "id": {"operator": "in", "value": ["exp_0"]}}}"#,
            1
        ),
    ])
    func filtersSelect(_ body: String, _ expected: Int) async throws {
        try await withStarted({ try await seeded(4) }) { sandbox in
            let response = try await sandbox.raw("POST", "/api/v2/experiments/list/", body: body)
            #expect(response.status == 200)
            #expect(response.json?["count"]?.intValue == expected)
            let summary = try await sandbox.raw("POST", "/api/v2/experiments/summary/", body: body)
            #expect(summary.json == ["total_count": .int(expected)])
        }
    }

    @Test func datasetsAndEvaluatorsAreSeeded() async throws {
        try await withStarted({ try await SandboxHarness.start() }) { sandbox in
            let dataset = try await sandbox.raw("GET", "/api/datasets/ds_support_qa_2024/")
            #expect(dataset.json?["log_count"]?.intValue ?? 0 >= 24)
            let evaluators = try await sandbox.raw(
                "POST", "/api/evaluators/list/",
                body: """
                    {"filters": {"evaluator_slug": {"operator": "eq", "value": ["tone-check"]}}}
                    """)
            #expect(evaluators.json?["results"]?.arrayValue?.first?["id"] == "eval_tone")
            #expect(
                try await sandbox.raw("GET", "/api/evaluators/eval_quality/").json?["evaluator_slug"]
                    == "quality-assessment")
            #expect(try await sandbox.raw("GET", "/api/datasets/nope/").status == 404)
        }
    }
}
