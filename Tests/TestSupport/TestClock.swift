import Synchronization

/// A clock that moves only when a test moves it, so tests of retries, rate limits and
/// simulated runs never sleep.
///
/// `.manual`: a sleeper waits until `advance(by:)` passes its deadline. `.skipping`: a sleep
/// moves the clock to its deadline and returns at once (time is virtual), and is recorded.
public final class TestClock: Clock, Sendable {
    public struct Instant: InstantProtocol {
        public var offset: Duration

        public func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        public func duration(to other: Instant) -> Duration { other.offset - offset }
        public static func < (a: Instant, b: Instant) -> Bool { a.offset < b.offset }
    }

    public enum Mode: Sendable { case manual, skipping }

    private struct Sleeper {
        var deadline: Instant
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now = Instant(offset: .zero)
        var sleepers: [Int: Sleeper] = [:]
        var nextID = 0
        var sleeps: [Duration] = []
        /// Tests waiting for a number of sleepers (`waitForSleepers`).
        var watchers: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []

        /// The watchers whose count of sleepers has been reached, removed.
        mutating func satisfiedWatchers() -> [CheckedContinuation<Void, Never>] {
            let ready = watchers.filter { $0.count <= sleepers.count }.map(\.continuation)
            watchers.removeAll { $0.count <= sleepers.count }
            return ready
        }
    }

    public let mode: Mode
    private let state = Mutex(State())

    public init(_ mode: Mode = .manual) {
        self.mode = mode
    }

    public var now: Instant { state.withLock { $0.now } }
    public var minimumResolution: Duration { .zero }

    /// Every sleep asked for so far, in order.
    public var sleeps: [Duration] { state.withLock { $0.sleeps } }

    /// How many sleepers are waiting for the clock to move (`.manual` only).
    public var waiting: Int { state.withLock { $0.sleepers.count } }

    public func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        try Task.checkCancellation()
        let id = state.withLock { state in
            state.sleeps.append(state.now.duration(to: deadline))
            if mode == .skipping { state.now = max(state.now, deadline) }
            state.nextID += 1
            return state.nextID
        }
        guard mode == .manual, deadline > now else { return }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                // Under the lock the cancellation handler also takes: either it finds this
                // sleeper, or the task is seen cancelled here.
                let (outcome, watchers): (Result<Bool, CancellationError>, [CheckedContinuation<Void, Never>]) =
                    state.withLock { state in
                        if Task.isCancelled { return (.failure(CancellationError()), []) }
                        guard deadline > state.now else { return (.success(true), []) }
                        state.sleepers[id] = Sleeper(deadline: deadline, continuation: continuation)
                        return (.success(false), state.satisfiedWatchers())
                    }
                for watcher in watchers { watcher.resume() }
                switch outcome {
                case .failure(let error): continuation.resume(throwing: error)
                case .success(true): continuation.resume()
                case .success(false): break
                }
            }
        } onCancel: {
            state.withLock { $0.sleepers.removeValue(forKey: id) }?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves the clock forward and wakes every sleeper whose deadline has come.
    public func advance(by duration: Duration) {
        let due = state.withLock { state in
            state.now = state.now.advanced(by: duration)
            let now = state.now
            let ids = state.sleepers.filter { $0.value.deadline <= now }.map(\.key)
            return ids.compactMap { state.sleepers.removeValue(forKey: $0) }
        }
        for sleeper in due { sleeper.continuation.resume() }
    }

    /// Returns once at least `count` sleepers wait on the clock (the code under test has
    /// reached its wait), so the test advances time only then. Woken by the sleep itself.
    public func waitForSleepers(_ count: Int = 1) async throws {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> Bool in
                if state.sleepers.count >= count { return true }
                state.watchers.append((count, continuation))
                return false
            }
            if ready { continuation.resume() }
        }
    }
}
