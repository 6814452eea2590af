/// A token bucket: `ratePerMinute` tokens a minute, holding at most `capacity`, that can also
/// be held shut until a moment (after a 429 that asked to retry later).
///
/// Pure arithmetic over times the caller supplies (durations since any fixed origin, as a
/// `Stopwatch` reads them), so it is tested without sleeping; the client's `RateLimiter` and
/// the sandbox's 429 fault both use it. Kept as the generic cell rate algorithm: one
/// "theoretical arrival time" instead of a token count, which makes holding shut one `max`.
public struct TokenBucket: Sendable {
    /// Tokens a minute; nil for no limit (then only `pause` holds requests back).
    public let ratePerMinute: Double?
    public let capacity: Double
    /// The time one token takes to come back (zero without a limit).
    private let interval: Duration
    /// How far ahead of `arrival` a request may go: the burst a full bucket allows.
    private let burst: Duration
    /// When the bucket will next be full, given the tokens already taken.
    private var arrival: Duration

    /// A bucket, full at `now`. `ratePerMinute` must be positive (or nil for no limit): callers
    /// check user input first, so a zero here is a programming error.
    public init(ratePerMinute: Double?, capacity: Double? = nil, now: Duration) {
        if let ratePerMinute { precondition(ratePerMinute > 0, "a rate limit must be positive") }
        self.ratePerMinute = ratePerMinute
        let perToken = ratePerMinute.map { 60 / $0 } ?? 0
        self.capacity = max(1, capacity ?? ((ratePerMinute ?? 60) / 60).rounded(.up))
        interval = .seconds(perToken)
        burst = .seconds(perToken * (self.capacity - 1))
        arrival = now
    }

    /// Takes a token if one is there; otherwise says how long until one will be.
    public mutating func take(now: Duration) -> Duration? {
        let earliest = arrival - burst
        if earliest > now { return earliest - now }
        arrival = max(arrival, now) + interval
        return nil
    }

    /// Reserves the next token even if it is in the future, returning how long to wait for it.
    /// Callers that reserve in turn are spaced one token apart.
    public mutating func reserve(now: Duration) -> Duration {
        let start = max(now, arrival - burst)
        arrival = max(arrival, now) + interval
        return start - now
    }

    /// Holds the bucket shut until `until`: no token is handed out before then.
    public mutating func pause(until: Duration) {
        arrival = max(arrival, until + burst)
    }
}

extension Duration {
    /// The duration in seconds, as a `Double`.
    public var seconds: Double {
        let (whole, fraction) = components
        return Double(whole) + Double(fraction) / 1e18
    }
}
