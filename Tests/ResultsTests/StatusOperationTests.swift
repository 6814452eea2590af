import Planning
import RespanCore
import TestSupport
import Testing

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
            for entry in entries { state.experiments[entry.id] = ["id": .string(entry.id), "status": "running", "progress": 50] }
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
