import RespanCore

/// Tells time and waits; the real one sleeps, a test one only records.
public protocol Sleeper: Sendable {
    func now() -> ContinuousClock.Instant
    func sleep(for duration: Duration) async throws
}

public struct ContinuousSleeper: Sleeper {
    public init() {}
    public func now() -> ContinuousClock.Instant { .now }
    public func sleep(for duration: Duration) async throws { try await Task.sleep(for: duration) }
}

/// A client-side rate limit shared by every request of a run: spaces requests to the rate,
/// and holds everyone back after a 429 for as long as the server asked.
public actor RateLimiter {
    private var bucket: TokenBucket?
    private let sleeper: any Sleeper

    /// `ratePerMinute` nil: no limit, but 429 pauses still apply.
    public init(ratePerMinute: Double?, sleeper: any Sleeper = ContinuousSleeper()) {
        self.sleeper = sleeper
        bucket = ratePerMinute.map { TokenBucket(ratePerMinute: $0, capacity: 1, now: sleeper.now()) }
        pausedUntil = nil
    }

    private var pausedUntil: ContinuousClock.Instant?

    /// Waits for this request's turn.
    public func acquire() async throws {
        var wait = Duration.zero
        let now = sleeper.now()
        if let until = pausedUntil, until > now { wait = until - now }
        if var current = bucket {
            wait = max(wait, current.reserve(now: now + wait) + wait)
            bucket = current
        }
        if wait > .zero { try await sleeper.sleep(for: wait) }
    }

    /// After a 429: no request starts before `duration` has passed.
    public func pause(for duration: Duration) {
        let until = sleeper.now() + duration
        if let current = pausedUntil, current >= until { return }
        pausedUntil = until
    }
}
