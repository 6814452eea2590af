import Applying
import Lockfiles
import Planning
import RespanAPI
import RespanCore
import TestSupport
import Testing
import Views

@testable import Results

@Suite struct StatusOperationTests {
    @Test func thePollIntervalKeepsWithinTheRateLimit() {
        #expect(StatusOperation.interval(runs: 5, ratePerMinute: 60) == .seconds(2))
        #expect(StatusOperation.interval(runs: 250, ratePerMinute: 60) == .seconds(6))
        #expect(StatusOperation.interval(runs: 5, ratePerMinute: nil) == .seconds(1))
    }

    @Test func aSnapshotCostsOneListPerHundredRuns() async throws {
        let remote = InMemoryRemote()
        let entries = (0..<150).map { (key: "k\($0)", id: "exp_\($0)") }
        remote.with { state in
            for entry in entries {
                state.experiments[entry.id] = ["id": .string(entry.id), "status": "running", "progress": 50]
            }
        }
        let snapshot = try await StatusOperation(remote: remote, interval: .seconds(1)).snapshot(entries)
        #expect(snapshot.requests == 2)
        #expect(snapshot.runs.allSatisfy { $0.status == "running" && $0.progress == 50 })
    }

    @Test func aDeletedRunIsMissingAndFinished() async throws {
        let snapshot = try await StatusOperation(remote: InMemoryRemote(), interval: .seconds(1))
            .snapshot([(key: "k", id: "exp_gone")])
        #expect(snapshot.runs.first?.status == "missing")
        #expect(snapshot.allFinished)
        #expect(snapshot.failed.count == 1)
    }

    @Test func linesShowOnlyStateChanges() {
        let first = StatusSnapshot(
            runs: [.init(key: "a", id: "e1", status: "running", progress: 10, errorMessage: nil)], elapsed: .zero,
            requests: 1)
        var second = first
        second.runs[0].progress = 60
        #expect(StatusLinesView().render(first) == "a (e1): running 10%\n")
        #expect(StatusLinesView(previous: first).render(second) == "")
        second.runs[0].status = "completed"
        #expect(StatusLinesView(previous: first).render(second) == "a (e1): completed\n")
    }
}

/// Finished is finished: `completed_at` or a terminal word, whatever word the remote uses
/// (respan-api.md §9), and a wait on an unknown word ends at the timeout naming it.
@Suite struct StatusOutcomeTests {
    @Test func anotherTerminalWordEndsTheWaitAndIsShownVerbatim() async throws {
        let sandbox = try await SandboxHarness.start {
            $0.runSeconds = 0
            $0.behaviour.terminalStatus = "succeeded"
        }
        let client = try sandbox.client()
        _ = try await client.createExperiment(try JSONValue(parsing: createBody(id: "exp_s")))
        let operation = StatusOperation(
            remote: client, stopwatch: Stopwatch(TestClock(.skipping)), interval: .seconds(1))
        let (snapshot, timedOut) = try await operation.wait([(key: "a", id: "exp_s")], timeout: .seconds(10)) { _ in }
        await sandbox.stop()
        #expect(!timedOut)
        #expect(snapshot.runs.first?.status == "succeeded" && snapshot.runs.first?.outcome == .completed)
        #expect(snapshot.failed.isEmpty && snapshot.runs.first?.progress == 100)
        #expect(StatusSummary.line(snapshot).hasPrefix("1 of 1 completed ·"))
    }

    @Test func anUnknownWordIsWaitedOnOnlyUntilTheTimeout() async throws {
        let remote = InMemoryRemote()
        remote.with { $0.experiments["exp_u"] = ["id": "exp_u", "status": "evaluating", "progress": 100] }
        let clock = TestClock(.skipping)
        let operation = StatusOperation(remote: remote, stopwatch: Stopwatch(clock), interval: .seconds(2))
        let (snapshot, timedOut) = try await operation.wait([(key: "answer", id: "exp_u")], timeout: .seconds(30)) {
            _ in
        }
        #expect(timedOut)
        #expect(snapshot.elapsed <= .seconds(30))
        // At 100 % and not finished: nothing left to estimate, so "finishing", not "about 0 s left".
        #expect(StatusSummary.line(snapshot).hasSuffix("· finishing"), "\(StatusSummary.line(snapshot))")
        let message = snapshot.timeoutMessage(limit: .seconds(30))
        #expect(message.hasPrefix("timed out after 30 s (--timeout) waiting for 1 run: answer (exp_u) evaluating 100%"))
        #expect(message.contains("'evaluating' is not a status respan-plan knows as finished"))
    }

    @Test func aCancelledRunFailsItsGates() {
        let run = ExperimentResult(
            key: "k", id: "e", status: "Canceled", progress: 40, errorMessage: nil, traceCount: 0, cost: nil,
            tokens: nil,
            evaluators: [], baselineID: nil)
        #expect(run.outcome == .cancelled)
        #expect(
            StatusSnapshot.Run(key: "k", id: "e", status: "canceled", progress: 40, errorMessage: nil).isUnsuccessful)
    }
}
