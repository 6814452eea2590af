import Foundation
import RespanCore
import TestSupport
import Testing

@Suite struct SandboxRunTests {
    @Test func aRunGoesFromPendingThroughRunningToCompleted() async throws {
        let clock = TestClock()
        try await withStarted({
            try await SandboxHarness.start {
                $0.runSeconds = 3
                $0.clock = clock
            }
        }) { sandbox in
            let created = try await sandbox.raw("POST", "/api/v2/experiments/", body: createBody(id: "exp_r"))
            #expect(created.json?["status"] == "pending")
            func state() async throws -> (status: String, progress: Double, traces: Int) {
                let current = try await sandbox.raw("GET", "/api/v2/experiments/exp_r/")
                let traces = try await sandbox.raw("POST", "/api/v2/experiments/exp_r/logs/list/", body: "{}")
                return (
                    current.json?["status"]?.stringValue ?? "?",
                    current.json?["progress"]?.numberValue?.doubleValue ?? -1,
                    traces.json?["count"]?.intValue ?? -1
                )
            }
            clock.advance(by: .milliseconds(200))  // the first tenth of a run is pending
            let pending = try await state()
            #expect(pending.status == "pending" && pending.progress == 0 && pending.traces == 0)
            clock.advance(by: .milliseconds(1300))
            let running = try await state()
            #expect(running.status == "running")
            #expect((49...50).contains(running.progress))
            #expect((17...18).contains(running.traces))  // half the 36 rows, give or take rounding
            clock.advance(by: .milliseconds(1500))
            let done = try await sandbox.raw("GET", "/api/v2/experiments/exp_r/")
            #expect(done.json?["status"] == "completed")
            #expect(done.json?["progress"]?.numberValue?.doubleValue == 100)
            #expect(done.json?["completed_at"]?.stringValue != nil)
            let traces = try await sandbox.raw("POST", "/api/v2/experiments/exp_r/logs/list/?page_size=50", body: "{}")
            #expect(traces.json?["count"]?.intValue == 36)
            let first = try #require(traces.json?["results"]?.arrayValue?.first)
            #expect(first["scores"]?["eval_quality"]?["numerical_value"]?.numberValue != nil)
            let detail = try await sandbox.raw(
                "GET", "/api/v2/experiments/exp_r/logs/\(first["id"]?.stringValue ?? "")/")
            #expect(detail.json?["span_tree"] != nil)
        }
    }

    @Test func aFailingModelFails() async throws {
        try await withStarted({ try await SandboxHarness.start { $0.runSeconds = 0 } }) { sandbox in
            _ = try await sandbox.raw(
                "POST", "/api/v2/experiments/", body: createBody(id: "exp_f", model: "sandbox-fail"))
            let failed = try await sandbox.raw("GET", "/api/v2/experiments/exp_f/")
            #expect(failed.json?["status"] == "failed")
            #expect(failed.json?["error_message"]?.stringValue?.isEmpty == false)
        }
    }

    func mean(_ sandbox: SandboxHarness, _ id: String) async throws -> Double? {
        let summary = try await sandbox.raw("POST", "/api/v2/experiments/\(id)/logs/summary/", body: "{}")
        return summary.json?["scores"]?["eval_quality"]?["avg_score"]?.numberValue?.doubleValue
    }

    @Test func scoresAreDeterministicAndFollowTheSpec() async throws {
        try await withStarted({ try await SandboxHarness.start { $0.runSeconds = 0 } }) { sandbox in
            _ = try await sandbox.raw("POST", "/api/v2/experiments/", body: createBody(id: "exp_a", model: "gpt-4o"))
            _ = try await sandbox.raw("POST", "/api/v2/experiments/", body: createBody(id: "exp_b", model: "gpt-4o"))
            _ = try await sandbox.raw(
                "POST", "/api/v2/experiments/", body: createBody(id: "exp_c", model: "gpt-4o-mini"))
            let a = try await mean(sandbox, "exp_a"), b = try await mean(sandbox, "exp_b"),
                c = try await mean(sandbox, "exp_c")
            #expect(a != nil)
            #expect(a == b)
            #expect(a != c)
            let histogram = try await sandbox.raw(
                "GET", "/api/v2/experiments/exp_a/histogram/?evaluator_id=eval_quality&bins=10")
            #expect(histogram.json?["bins"]?.arrayValue?.count == 10)
            #expect(histogram.json?["stats"]?["total"] == 36)
            #expect(try await sandbox.raw("GET", "/api/v2/experiments/exp_a/histogram/").status == 422)
        }
    }

    @Test func putEditsWhatIsStoredWithoutARerunAndTagsAreRefused() async throws {
        let clock = TestClock()
        try await withStarted({
            try await SandboxHarness.start {
                $0.runSeconds = 2
                $0.clock = clock
            }
        }) { sandbox in
            _ = try await sandbox.raw("POST", "/api/v2/experiments/", body: createBody(id: "exp_p"))
            clock.advance(by: .milliseconds(2200))
            let refused = try await sandbox.raw(
                "PATCH", "/api/v2/experiments/exp_p/", body: #"{"name": "renamed", "tags": [{"team": "x"}]}"#)
            // `tags` is response-only (respan-api.md §9): a request that sends it is refused by default.
            #expect(refused.status == 400 && refused.json?["errors"]?["tags"] != nil)
            let patched = try await sandbox.raw("PATCH", "/api/v2/experiments/exp_p/", body: #"{"name": "renamed"}"#)
            #expect(patched.json?["status"] == "completed")
            #expect(patched.json?["name"] == "renamed")
            #expect(patched.json?["description"] == "Response quality")
            let replaced = try await sandbox.raw(
                "PUT", "/api/v2/experiments/exp_p/", body: createBody(model: "gpt-4o", name: "renamed"))
            #expect(replaced.status == 200)
            // Nothing promises that a PUT reruns: by default it only edits what is stored.
            #expect(replaced.json?["status"] == "completed")
            #expect(replaced.json?["workflow"]?.arrayValue?.first?["config"]?["model"] == "gpt-4o")
            #expect(replaced.json?["tags"] == [])
        }
    }

    /// `--put-reruns`: a remote whose PUT of a run field starts the run again.
    @Test func putRerunsWhenTheSwitchSaysSo() async throws {
        let clock = TestClock()
        try await withStarted({
            try await SandboxHarness.start {
                $0.runSeconds = 2
                $0.clock = clock
                $0.behaviour.putReruns = true
            }
        }) { sandbox in
            _ = try await sandbox.raw("POST", "/api/v2/experiments/", body: createBody(id: "exp_p"))
            clock.advance(by: .milliseconds(2200))
            let replaced = try await sandbox.raw("PUT", "/api/v2/experiments/exp_p/", body: createBody(model: "gpt-4o"))
            // Restarted: no time has passed on the sandbox's clock since, so it is pending again.
            #expect(replaced.json?["status"] == "pending")
            #expect(replaced.json?["progress"]?.numberValue?.doubleValue == 0)
        }
    }

    @Test func stateSurvivesARestart() async throws {
        let first = try await SandboxHarness.start(persistent: true)
        let directory = try #require(first.dataDirectory)
        defer { directory.remove() }
        _ = try await first.raw("POST", "/api/v2/experiments/", body: createBody(id: "exp_keep"))
        _ = try await first.raw("POST", "/api/v2/experiments/", body: createBody(id: "exp_gone"))
        _ = try await first.raw("PATCH", "/api/v2/experiments/exp_keep/", body: #"{"description": "edited"}"#)
        _ = try await first.raw("DELETE", "/api/v2/experiments/exp_gone/")
        await first.stop()
        try await withStarted({ try await SandboxHarness.restart(in: directory, token: first.token) }) { second in
            let kept = try await second.raw("GET", "/api/v2/experiments/exp_keep/")
            #expect(kept.status == 200)
            #expect(kept.json?["description"] == "edited")
            #expect(try await second.raw("GET", "/api/v2/experiments/exp_gone/").status == 404)
        }
    }
}
