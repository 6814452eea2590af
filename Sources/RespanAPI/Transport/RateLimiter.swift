import RespanCore

/// A client-side rate limit shared by every request of a run: spaces requests to the rate,
/// and holds everyone back after a 429 for as long as the server asked. Both are one
/// `TokenBucket`; the limiter only reads the injected clock and sleeps on it.
public actor RateLimiter {
    private var bucket: TokenBucket
    private let stopwatch: Stopwatch

    /// `ratePerMinute` nil: no limit, but 429 pauses still apply. A given rate must be positive.
    /// `burst` requests may go at once before the spacing starts (1: evenly spaced).
    public init(ratePerMinute: Double?, burst: Double = 1, clock: any Clock<Duration> = ContinuousClock()) {
        stopwatch = Stopwatch(clock)
        bucket = TokenBucket(ratePerMinute: ratePerMinute, capacity: burst, now: .zero)
    }

    /// The budget of `POST /api/datasets/{id}/logs/bulk/`: 30 requests a minute per
    /// organization (respan-api.md §9, 0.1.47), apart from the general limit.
    public static func bulkRows(clock: any Clock<Duration> = ContinuousClock()) -> RateLimiter {
        RateLimiter(ratePerMinute: 30, burst: 30, clock: clock)
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
