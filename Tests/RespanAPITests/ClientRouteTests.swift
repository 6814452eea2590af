import Foundation
import RespanAPI
import RespanCore
import TestSupport
import Testing

/// The client against a real sandbox on loopback: every route it uses.
@Suite struct ClientRouteTests {
    static let body: JSONValue = [
        "name": "quality", "dataset_id": "ds_support_qa_2024", "evaluator_ids": ["eval_quality"],
        "workflow": [["type": "completion", "config": ["model": "gpt-4o-mini", "temperature": 0.2]]],
    ]

    static func body(id: String) -> JSONValue {
        var object = body.objectValue ?? [:]
        object["experiment_id"] = .string(id)
        return .object(object)
    }

    @Test func createReadReplaceUpdateDelete() async throws {
        try await withStarted({ try await SandboxHarness.start { $0.runSeconds = 0 } }) { sandbox in
            let client = try sandbox.client()
            let created = try await client.createExperiment(Self.body(id: "exp_crud"))
            #expect(created.id == "exp_crud")
            #expect(created.workflow == Self.body["workflow"])
            let read = try await client.experiment("exp_crud")
            #expect(read.status == "completed")
            #expect(read.progress == 100)
            #expect(read.batchSize == 100)
            var replacement = Self.body.objectValue ?? [:]
            replacement["concurrency"] = 3
            let replaced = try await client.replaceExperiment("exp_crud", .object(replacement))
            #expect(replaced.concurrency == 3)
            let updated = try await client.updateExperiment("exp_crud", ["description": "patched"])
            #expect(updated.description == "patched")
            #expect(updated.concurrency == 3)
            try await client.deleteExperiment("exp_crud")
            #expect(try await client.experimentIfExists("exp_crud") == nil)
            try await client.deleteExperiment("exp_crud")  // already gone: still done
        }
    }

    @Test func listsFollowNextAcrossPages() async throws {
        try await withStarted({ try await SandboxHarness.start() }) { sandbox in
            let client = try sandbox.client()
            for index in 0..<7 { _ = try await client.createExperiment(Self.body(id: "exp_\(index)")) }
            let page = try await client.experimentPage(pageSize: 3)
            #expect(page.count == 7)
            #expect(page.results.count == 3)
            #expect(page.next != nil)
            let all = try await client.experiments(pageSize: 3)
            #expect(Set(all.map(\.id)) == Set((0..<7).map { "exp_\($0)" }))
            let some = try await client.experiments(
                filters: [Filter("id", "in", ["exp_1", "exp_5", "exp_missing"])], pageSize: 1)
            #expect(Set(some.map(\.id)) == ["exp_1", "exp_5"])
        }
    }

    @Test func tracesSummaryAndHistogram() async throws {
        try await withStarted({ try await SandboxHarness.start { $0.runSeconds = 0 } }) { sandbox in
            let client = try sandbox.client()
            _ = try await client.createExperiment(Self.body(id: "exp_t"))
            let traces = try await client.traces(experimentID: "exp_t", pageSize: 10)
            #expect(traces.count == 36)
            #expect(traces.results.count == 10)
            #expect(traces.results.allSatisfy { $0.scores["eval_quality"] != nil })
            let summary = try await client.traceSummary(experimentID: "exp_t")
            #expect(summary.numberOfRequests == 36)
            let mean = try #require(summary.meanScores["eval_quality"])
            #expect(mean > 0 && mean < 1)
            let histogram = try await client.histogram(experimentID: "exp_t", evaluatorID: "eval_quality", bins: 5)
            #expect(histogram.bins.count == 5)
            #expect(histogram.bins.reduce(0) { $0 + $1.count } == 36)
        }
    }

    @Test func datasetsAndEvaluators() async throws {
        try await withStarted({ try await SandboxHarness.start() }) { sandbox in
            let client = try sandbox.client()
            #expect(try await client.dataset("ds_support_qa_2024").name == "Support QA 2024")
            #expect(try await client.datasets().results.count >= 2)
            #expect(try await client.evaluator("eval_quality").slug == "quality-assessment")
            #expect(try await client.evaluator(slug: "tone-check")?.id == "eval_tone")
            #expect(try await client.evaluator(slug: "no-such-slug") == nil)
            #expect(try await client.evaluators().results.count >= 4)
        }
    }
}
