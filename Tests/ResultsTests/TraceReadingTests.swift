import RespanAPI
import RespanCore
import Sandbox
import Synchronization
import TestSupport
import Testing

@testable import Results

/// Reading a run's traces whatever the trace routes refuse, and pipeline scores where Respan
/// keeps them (respan-api.md §9), against the sandbox in-process.
@Suite struct TraceReadingTests {
    static func body(
        _ id: String, scoring: String = #""evaluator_ids": ["eval_quality", "eval_exact_match"]"#
    ) -> JSONValue {
        (try? JSONValue(
            parsing: """
                {"experiment_id": "\(id)", "dataset_id": "ds_support_qa_2024", \(scoring),
                 "workflow": [{"type": "completion", "config": {"model": "gpt-4.1"}}]}
                """)) ?? .null
    }

    /// Every trace of one run under a page limit, as id → (scores, cost, tokens), and the summary.
    static func read(
        limit: Int?, scoring: String? = nil
    ) async throws -> (
        traces: [String: [String: Double]], costs: [String: Double], summary: TraceSummary?, requests: Int
    ) {
        let sandbox = try await SandboxHarness.start {
            $0.runSeconds = 0
            $0.behaviour.tracePageLimit = limit
        }
        let counter = RequestCounter()
        let client = try sandbox.client()
        _ = try await client.createExperiment(scoring.map { Self.body("exp_r", scoring: $0) } ?? Self.body("exp_r"))
        let reading = TraceReading(remote: CountingRemote(client: client, counter: counter))
        let traces = try await reading.all(experimentID: "exp_r")
        let summary = try await reading.summary(experimentID: "exp_r")
        await sandbox.stop()
        return (
            Dictionary(uniqueKeysWithValues: traces.map { ($0.id, $0.scores) }),
            Dictionary(uniqueKeysWithValues: traces.map { ($0.id, $0.totalCost ?? -1) }), summary, counter.count
        )
    }

    @Test func refusedPagesGiveTheSameNumbersAsFullOnes() async throws {
        let full = try await Self.read(limit: nil)
        let halved = try await Self.read(limit: 50)
        let previewed = try await Self.read(limit: 10)
        #expect(full.traces.count == 36)
        #expect(full.traces.values.allSatisfy { $0.keys.sorted() == ["eval_exact_match", "eval_quality"] })
        #expect(halved.traces == full.traces && previewed.traces == full.traces)
        #expect(halved.costs == full.costs && previewed.costs == full.costs)
        // 1 page; 413 then a page of 50; 413 at 100, 50 and 25, then a page of 100 with previews.
        #expect(full.requests == 2 && halved.requests == 3 && previewed.requests == 5)
    }

    @Test func aRefusedSummaryIsNoSummary() async throws {
        let full = try await Self.read(limit: nil)
        #expect(full.summary?.numberOfRequests == 36)
        let refused = try await Self.read(limit: 10)
        #expect(refused.summary == nil)
        let total = refused.costs.values.reduce(0, +)
        #expect(abs(total - (full.summary?.totalCost ?? 0)) < 1e-9)
    }

    @Test func pipelineScoresComeFromTheTraceDetails() async throws {
        let pipeline = try await Self.read(limit: 50, scoring: #""evaluator_workflow_ids": ["wfv_quality_pipeline"]"#)
        #expect(pipeline.traces.count == 36)
        #expect(pipeline.traces.values.allSatisfy { $0["wfv_quality_pipeline"] != nil })
        let mean = pipeline.traces.values.compactMap { $0["wfv_quality_pipeline"] }.reduce(0, +) / 36
        let summaryMean = pipeline.summary?.meanScores["wfv_quality_pipeline"] ?? -1
        #expect(abs(mean - summaryMean) < 1e-4)
        // 413 and a page of 50, then one detail per trace: the list cuts the eval task's output.
        #expect(pipeline.requests == 2 + 36 + 1)
    }

    @Test func theShrinkingStopsAfterPreviewsAtTheFloor() {
        #expect(TraceReading.shrink(size: 100, preview: nil)! == (50, nil))
        #expect(TraceReading.shrink(size: 25, preview: nil)! == (100, 200))
        #expect(TraceReading.shrink(size: 25, preview: 200) == nil)
    }
}

/// Counts the requests a `ResultsRemote` makes.
final class RequestCounter: Sendable {
    private let value = Mutex(0)
    var count: Int { value.withLock { $0 } }
    func add() { value.withLock { $0 += 1 } }
}

struct CountingRemote: TraceRemote {
    let client: RespanClient
    let counter: RequestCounter

    func traces(
        experimentID: String, page: Int, pageSize: Int, previewLength: Int?
    ) async throws(RespanAPIError) -> Page<Trace> {
        counter.add()
        return try await client.traces(
            experimentID: experimentID, page: page, pageSize: pageSize, previewLength: previewLength)
    }
    func trace(experimentID: String, logID: String) async throws(RespanAPIError) -> Trace {
        counter.add()
        return try await client.trace(experimentID: experimentID, logID: logID)
    }
    func traceSummary(experimentID: String) async throws(RespanAPIError) -> TraceSummary {
        counter.add()
        return try await client.traceSummary(experimentID: experimentID)
    }
}
