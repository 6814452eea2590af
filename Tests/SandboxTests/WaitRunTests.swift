import RespanCore
import Sandbox
import TestSupport
import Testing

/// A `wait` run as the sandbox models it (design §14): its traces wait for their outputs, are
/// scored from what was submitted, and the run completes when every trace has one.
@Suite struct WaitRunTests {
    static let body =
        #"{"experiment_id": "ID", "dataset_id": "ds_support_qa_2024", "evaluator_ids": ["eval_quality"], "workflow": [{"type": "wait", "config": {}}]}"#

    static func create(_ sandbox: SandboxHarness, _ id: String) async throws -> [JSONValue] {
        let created = try await sandbox.raw(
            "POST", "/api/v2/experiments/", body: body.replacingOccurrences(of: "ID", with: id))
        #expect(created.status == 201, "\(created.text)")
        let page = try await sandbox.raw("POST", "/api/v2/experiments/\(id)/logs/list/?page_size=50", body: "{}")
        return page.json?["results"]?.arrayValue ?? []
    }

    static func submit(_ sandbox: SandboxHarness, _ id: String, _ trace: JSONValue, _ output: String) async throws {
        let log = trace["id"]?.stringValue ?? "?"
        let answered = try await sandbox.raw(
            "PATCH", "/api/v2/experiments/\(id)/logs/\(log)/", body: #"{"input": "q", "output": "\#(output)"}"#)
        #expect(answered.status == 200, "\(answered.text)")
    }

    static func experiment(_ sandbox: SandboxHarness, _ id: String) async throws -> JSONValue {
        try #require(try await sandbox.raw("GET", "/api/v2/experiments/\(id)/").json)
    }

    @Test func aWaitRunCompletesOnlyWhenEveryTraceHasItsOutput() async throws {
        try await withStarted({ try await SandboxHarness.start { $0.runSeconds = 0 } }) { sandbox in
            let traces = try await Self.create(sandbox, "exp_wait")
            #expect(traces.count == 36)
            for trace in traces.dropLast() { try await Self.submit(sandbox, "exp_wait", trace, "an answer") }
            let waiting = try await Self.experiment(sandbox, "exp_wait")
            #expect(waiting["status"] == "running" && waiting["completed_at"] == .null)
            #expect((waiting["progress"]?.numberValue?.doubleValue ?? 100) < 100)
            try await Self.submit(sandbox, "exp_wait", try #require(traces.last), "an answer")
            let done = try await Self.experiment(sandbox, "exp_wait")
            #expect(done["status"] == "completed" && done["progress"]?.numberValue?.doubleValue == 100)
        }
    }

    @Test func aWaitTraceIsScoredFromItsSubmittedOutput() async throws {
        try await withStarted({ try await SandboxHarness.start { $0.runSeconds = 0 } }) { sandbox in
            var scores: [String: JSONValue] = [:]
            for (id, output) in [("exp_a", "Paris"), ("exp_b", "Paris"), ("exp_c", "Lyon, I think")] {
                // The same dataset row in each run: the one with the least comparison_key.
                func row(_ traces: [JSONValue]) -> JSONValue? {
                    traces.min { ($0["comparison_key"]?.stringValue ?? "") < ($1["comparison_key"]?.stringValue ?? "") }
                }
                try await Self.submit(sandbox, id, try #require(row(try await Self.create(sandbox, id))), output)
                let read = try await sandbox.raw(
                    "POST", "/api/v2/experiments/\(id)/logs/list/?page_size=50", body: "{}")
                scores[id] =
                    row(read.json?["results"]?.arrayValue ?? [])?["scores"]?["eval_quality"]?["numerical_value"]
            }
            #expect(scores["exp_a"] != nil && scores["exp_a"] != .null)
            #expect(scores["exp_a"] == scores["exp_b"])
            #expect(scores["exp_a"] != scores["exp_c"])
        }
    }

    @Test func submittedOutputsOutliveARestart() async throws {
        let sandbox = try await SandboxHarness.start(persistent: true) { $0.runSeconds = 0 }
        let directory = try #require(sandbox.dataDirectory)
        defer { directory.remove() }
        let traces = try await Self.create(sandbox, "exp_kept")
        try await Self.submit(sandbox, "exp_kept", try #require(traces.first), "kept")
        await sandbox.stop()
        try await withStarted({
            try await SandboxHarness.restart(in: directory, token: sandbox.token) { $0.runSeconds = 0 }
        }) { again in
            let read = try await again.raw("POST", "/api/v2/experiments/exp_kept/logs/list/?page_size=1", body: "{}")
            #expect(read.json?["results"]?.arrayValue?.first?["output"] == "kept")
        }
    }
}
