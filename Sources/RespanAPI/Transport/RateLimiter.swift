import RespanCore

/// A client-side rate limit shared by every request of a run: spaces requests to the rate,
/// and holds everyone back after a 429 for as long as the server asked. Both are one
/// `TokenBucket`; the limiter only reads the injected clock and sleeps on it.
public actor RateLimiter {
    private var bucket: TokenBucket
    private let stopwatch: Stopwatch

    /// `ratePerMinute` nil: no limit, but 429 pauses still apply. A given rate must be positive.
    public init(ratePerMinute: Double?, clock: any Clock<Duration> = ContinuousClock()) {
        stopwatch = Stopwatch(clock)
        bucket = TokenBucket(ratePerMinute: ratePerMinute, capacity: 1, now: .zero)
    }

    /// Waits for this request's turn; throws `CancellationError` if the task is cancelled.
    public func acquire() async throws {
        let wait = bucket.reserve(now: stopwatch.elapsed)
        if wait > .zero { try await stopwatch.sleep(for: wait) }
    }

    /// After a 429: no request starts before `duration` has passed.
    public func pause(for duration: Duration) {
        bucket.pause(until: stopwatch.elapsed + duration)
    }
}
