/// A token bucket: `ratePerMinute` tokens a minute, holding at most `capacity`.
///
/// Pure arithmetic over instants the caller supplies, so it is tested without sleeping; the
/// client's rate limiter and the sandbox's 429 fault both use it.
public struct TokenBucket: Sendable {
    public let ratePerMinute: Double
    public let capacity: Double
    private var tokens: Double
    private var updated: ContinuousClock.Instant

    public init(ratePerMinute: Double, capacity: Double? = nil, now: ContinuousClock.Instant) {
        precondition(ratePerMinute > 0, "a rate limit must be positive")
        self.ratePerMinute = ratePerMinute
        self.capacity = max(1, capacity ?? (ratePerMinute / 60).rounded(.up))
        self.tokens = self.capacity
        self.updated = now
    }

    private var secondsPerToken: Double { 60 / ratePerMinute }

    private mutating func refill(_ now: ContinuousClock.Instant) {
        guard now > updated else { return }
        tokens = min(capacity, tokens + (now - updated).seconds / secondsPerToken)
        updated = now
    }

    /// Takes a token if one is there; otherwise says how long until one will be.
    public mutating func take(now: ContinuousClock.Instant) -> Duration? {
        refill(now)
        if tokens >= 1 {
            tokens -= 1
            return nil
        }
        return .seconds((1 - tokens) * secondsPerToken)
    }

    /// Reserves the next token even if it is in the future, returning how long to wait for it.
    /// Callers that reserve in turn are spaced one token apart.
    public mutating func reserve(now: ContinuousClock.Instant) -> Duration {
        refill(now)
        tokens -= 1
        return tokens >= 0 ? .zero : .seconds(-tokens * secondsPerToken)
    }

    /// Empties the bucket until `until`, as after a 429 that asked to retry later.
    public mutating func pause(until: ContinuousClock.Instant, now: ContinuousClock.Instant) {
        refill(now)
        let wait = (until - now).seconds
        guard wait > 0 else { return }
        tokens = min(tokens, -wait / secondsPerToken)
    }
}

extension Duration {
    /// The duration in seconds, as a `Double`.
    public var seconds: Double {
        let (whole, fraction) = components
        return Double(whole) + Double(fraction) / 1e18
    }
}
