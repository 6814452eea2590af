import RespanCore
import Testing

@testable import RespanAPI

/// An evaluator workflow's per-row scores, where Respan keeps them (respan-api.md §9).
@Suite struct PipelineScoresTests {
    static func output(_ score: String, id: String = "ev_inner", type: String = "numerical") -> String {
        #"{"workflow_type":"eval","output":{"primary_score":\#(score),"evaluator_id":"\#(id)","evaluator_name":"Inner","score_value_type":"\#(type)"}}"#
    }

    static func trace(taskOutput: String) throws -> Trace {
        try Trace(json: ["id": "t1", "scores": [:], "task_metrics": ["eval.task.wfv": ["output": .string(taskOutput)]]])
    }

    @Test func aWholeTaskOutputInTheListIsAScore() throws {
        let trace = try Self.trace(taskOutput: Self.output("0.75"))
        #expect(trace.score(for: "ev_inner")?.value == 0.75)
        #expect(trace.score(for: "ev_inner")?.taskKey == "eval.task.wfv")
        #expect(!trace.needsDetail)
    }

    @Test func aBooleanPrimaryScoreCountsAsOneOrZero() throws {
        let passed = try Self.trace(taskOutput: Self.output("true", type: "boolean"))
        let failed = try Self.trace(taskOutput: Self.output("false", type: "boolean"))
        #expect(passed.score(for: "ev_inner")?.value == 1 && passed.score(for: "ev_inner")?.isBoolean == true)
        #expect(failed.score(for: "ev_inner")?.value == 0)
    }

    @Test func aCutShortOutputNeedsTheDetailWhoseSpanTreeHasTheScore() throws {
        let listed = try Self.trace(taskOutput: String(Self.output("0.5").prefix(50)))
        #expect(listed.needsDetail)
        #expect(listed.scoreDetails.isEmpty)
        let node: JSONValue = ["span_name": "eval.task.wfv", "output": .string(Self.output("0.5")), "children": []]
        let detail = try Trace(json: ["id": "t1", "span_tree": [["span_name": "workflow", "children": [node]]]])
        let complete = listed.adding(detail: detail)
        #expect(complete.score(for: "ev_inner")?.value == 0.5)
        #expect(!complete.needsDetail)
    }

    @Test func directScoresWinAndStayAsTheyAre() throws {
        let trace = try Trace(
            json: try JSONValue(
                parsing:
                    #"{"id": "t", "scores": {"eval_quality": {"evaluator_id": "eval_quality", "numerical_value": 0.9}}}"#
            ))
        #expect(trace.score(for: "eval_quality")?.value == 0.9)
        #expect(trace.score(for: "eval_quality")?.taskKey == nil)
        #expect(!trace.needsDetail)
    }
}
