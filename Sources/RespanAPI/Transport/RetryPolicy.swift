/// When to try a failed call again and how long to wait: exponential backoff with full
/// jitter, never shorter than what a 429 asked for, a bounded number of times.
public struct RetryPolicy: Sendable {
    /// Attempts in all, the first included.
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration
    /// The longest `retry_after` honoured; longer requests fail instead of stalling a run.
    public var maxRetryAfter: Duration
    /// Attempts in all when a host other than loopback cannot be reached (its name does not
    /// resolve, or it refuses or ignores connections): a wrong endpoint or a missing network
    /// should fail in seconds, not after minutes of backoff.
    public var unreachableAttempts: Int

    public init(
        maxAttempts: Int = 6, baseDelay: Duration = .milliseconds(250), maxDelay: Duration = .seconds(20),
        maxRetryAfter: Duration = .seconds(120), unreachableAttempts: Int = 3
    ) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
        self.unreachableAttempts = unreachableAttempts
    }

    /// No retries at all.
    public static let none = RetryPolicy(maxAttempts: 1)

    /// How many attempts a call failing with `error` gets in all.
    public func attempts(for error: RespanAPIError) -> Int {
        guard error.isRetryable else { return 1 }
        if case .unreachable(let failure) = error, !failure.isLoopback { return min(maxAttempts, unreachableAttempts) }
        return maxAttempts
    }

    /// The wait before attempt `attempt + 1`, or nil to give up. `random` makes it testable.
    public func delay(
        after attempt: Int, error: RespanAPIError, random: inout some RandomNumberGenerator
    ) -> Duration? {
        guard attempt < attempts(for: error) else { return nil }
        let exponent = min(attempt - 1, 30)
        let ceiling = min(maxDelay.seconds, baseDelay.seconds * Double(1 << exponent))
        // A unit fraction straight from the generator's bits (no rejection sampling, so any
        // generator, even a constant test one, returns at once).
        let unit = Double(random.next() >> 11) * 0x1.0p-53
        let jittered = unit * ceiling
        guard let asked = error.retryAfter else { return .seconds(jittered) }
        guard asked <= maxRetryAfter.seconds else { return nil }
        // Waiting exactly retry_after sends every client back at once; add the jitter on top.
        return .seconds(asked + jittered / 4)
    }
}
