import Foundation
import RespanAPI
import RespanCore
import TestSupport
import Testing

@testable import Results

/// What the trace cache keeps and when it believes it (design §6, "Requests").
@Suite struct TraceCacheTests {
    static func run(completedAt: String, status: String = "completed") throws -> Experiment {
        try Experiment(json: [
            "id": "exp_1", "status": .string(status), "started_at": "2026-12-05T10:00:00Z",
            "completed_at": .string(completedAt),
        ])
    }

    static func trace(_ id: String, score: Double?) throws -> Trace {
        var scores: [String: JSONValue] = [:]
        if let score {
            scores["eval_q"] = ["numerical_value": .number(try #require(JSONNumber(score))), "evaluator_id": "eval_q"]
        }
        return try Trace(json: ["id": .string(id), "comparison_key": .string(id), "scores": .object(scores)])
    }

    @Test func aRunMadeAgainUnderItsIdIsNotReadFromTheCache() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let cache = TraceCache(directory: directory.url.path, endpoint: "https://api.respan.ai")
        let first = try Self.run(completedAt: "2026-12-05T10:05:00Z")
        #expect(cache.store([try Self.trace("t1", score: 0.5)], run: first, evaluators: ["eval_q"]))
        #expect(cache.load(first)?.count == 1)
        // The same id, run again (a PUT that reruns): another run, whatever its scores.
        #expect(cache.load(try Self.run(completedAt: "2026-12-05T11:00:00Z")) == nil)
    }

    /// Only a completed run whose every trace every evaluator scored is kept.
    @Test func anUnfinishedOrPartlyScoredRunIsNotKept() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let cache = TraceCache(directory: directory.url.path, endpoint: "sandbox")
        let running = try Self.run(completedAt: "", status: "running")
        #expect(!cache.store([try Self.trace("t1", score: 0.5)], run: running, evaluators: ["eval_q"]))
        let done = try Self.run(completedAt: "2026-12-05T10:05:00Z")
        #expect(
            !cache.store(
                [try Self.trace("t1", score: 0.5), try Self.trace("t2", score: nil)], run: done, evaluators: ["eval_q"])
        )
    }

    @Test func aSummaryAgreesOnTheCountAndEveryMean() throws {
        let traces = [try Self.trace("t1", score: 0.5), try Self.trace("t2", score: 1)]
        func summary(_ count: Int, _ mean: Double) -> TraceSummary {
            TraceSummary(json: [
                "number_of_requests": .int(count),
                "scores": ["eval_q": ["avg_score": JSONNumber(mean).map(JSONValue.number) ?? .null]],
            ])
        }
        #expect(TraceCache.agrees(traces, with: summary(2, 0.75)))
        #expect(TraceCache.agrees(traces, with: summary(2, 0.75004)))  // summaries round to 4 decimals
        #expect(!TraceCache.agrees(traces, with: summary(2, 0.8)))
        #expect(!TraceCache.agrees(traces, with: summary(3, 0.75)))
    }
}
