import Lockfiles
import Planning
import RespanAPI
import RespanCore

/// One look at the managed runs.
public struct StatusSnapshot: Sendable, Equatable {
    public struct Run: Sendable, Equatable {
        public var key: String
        public var id: String
        /// The server's word, verbatim (`pending`, `running`, `completed`, `succeeded`, …), or
        /// `missing` when the run was deleted on Respan.
        public var status: String
        /// 0–100.
        public var progress: Double
        public var errorMessage: String?
        /// ISO-8601, when the server says the run ended.
        public var completedAt: String? = nil
        /// Deleted on Respan (its status reads `missing`).
        public var isMissing = false

        /// How the run ended (a deleted run failed), or nil while it runs.
        public var outcome: RunOutcome? {
            isMissing ? .failed : RunOutcome(status: status, completedAt: completedAt, errorMessage: errorMessage)
        }
        public var isFinished: Bool { outcome != nil }
        /// Finished without completing: failed, cancelled or deleted.
        public var isUnsuccessful: Bool { outcome.map { $0 != .completed } ?? false }
    }

    public var runs: [Run]
    /// Since the first poll.
    public var elapsed: Duration
    /// Requests made so far.
    public var requests: Int

    public var allFinished: Bool { runs.allSatisfy(\.isFinished) }
    /// Runs that finished without completing: failed, cancelled or deleted.
    public var failed: [Run] { runs.filter(\.isUnsuccessful) }
    public var unfinished: [Run] { runs.filter { !$0.isFinished } }

    /// Each run's progress at the first poll, by id: the pace is measured from there.
    public var startProgress: [String: Double] = [:]

    /// Time left at the pace of the slowest run since the first poll; nil until every running
    /// run below 100 % has moved (a run's progress before the wait began says nothing about
    /// the time it took), and zero when the only runs left are at 100 % ("finishing").
    public var remaining: Duration? {
        let running = runs.filter { !$0.isFinished }
        guard !running.isEmpty else { return nil }
        var longest = Duration.zero
        for run in running where run.progress < 100 {
            guard let start = startProgress[run.id], run.progress > start else { return nil }
            longest = max(longest, elapsed * ((100 - run.progress) / (run.progress - start)))
        }
        return longest
    }
}

/// `status [--wait]`: reads run status through the filtered list (about ceil(N/100) requests a
/// poll), polling at an interval that keeps within the rate limit until every run finished.
public struct StatusOperation: Sendable {
    public var remote: any ExperimentRemote
    /// Started when the operation is made; times the wait and the polls (a test clock in tests).
    public var stopwatch: Stopwatch
    /// Time between polls.
    public var interval: Duration

    public init(remote: any ExperimentRemote, stopwatch: Stopwatch = Stopwatch(), interval: Duration) {
        self.remote = remote
        self.stopwatch = stopwatch
        self.interval = interval
    }

    /// The poll interval for `runs` experiments under `ratePerMinute` (nil: unlimited): each poll
    /// costs ceil(runs/100) requests, and polling takes at most half of the budget.
    public static func interval(runs: Int, ratePerMinute: Double?) -> Duration {
        guard let rate = ratePerMinute, rate > 0 else { return .seconds(1) }
        let requests = Double(max(1, (runs + 99) / 100))
        return max(.seconds(2), .seconds(requests * 60 / rate * 2))
    }

    /// One snapshot of `entries` (key → lockfile entry).
    public func snapshot(_ entries: [(key: String, id: String)]) async throws -> StatusSnapshot {
        let (remoteState, requests) = try await Refresher(remote: remote).refresh(ids: entries.map(\.id))
        let runs = entries.map { entry in
            guard let run = remoteState[entry.id] else {
                return StatusSnapshot.Run(
                    key: entry.key, id: entry.id, status: "missing", progress: 0,
                    errorMessage: "deleted on Respan; run 'respan-plan apply' to create it again", isMissing: true)
            }
            return StatusSnapshot.Run(
                key: entry.key, id: entry.id, status: run.status ?? "unknown",
                progress: run.outcome == .completed ? 100 : min(100, max(0, run.progress ?? 0)),
                errorMessage: run.errorMessage, completedAt: run.completedAt)
        }
        return StatusSnapshot(runs: runs, elapsed: .zero, requests: requests)
    }

    /// Polls until every run finished (see `RunOutcome`) or `timeout` passed; `onSnapshot` sees
    /// every poll. Returns the last snapshot and whether the timeout ended the wait; a poll that
    /// would end past the timeout is not made, so the wait never outlasts it.
    public func wait(
        _ entries: [(key: String, id: String)], timeout: Duration?,
        onSnapshot: @Sendable (StatusSnapshot) async -> Void
    ) async throws -> (snapshot: StatusSnapshot, timedOut: Bool) {
        let start = stopwatch.elapsed
        var requests = 0
        var startProgress: [String: Double]?
        while true {
            var snapshot = try await self.snapshot(entries)
            requests += snapshot.requests
            snapshot.requests = requests
            snapshot.elapsed = stopwatch.elapsed - start
            if startProgress == nil {
                startProgress = Dictionary(snapshot.runs.map { ($0.id, $0.progress) }) { first, _ in first }
            }
            snapshot.startProgress = startProgress ?? [:]
            await onSnapshot(snapshot)
            if snapshot.allFinished { return (snapshot, false) }
            if let timeout, snapshot.elapsed + interval > timeout { return (snapshot, true) }
            try await stopwatch.sleep(for: interval)
        }
    }
}
