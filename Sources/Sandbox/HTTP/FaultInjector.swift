import RespanCore

/// The faults a sandbox injects on demand: latency, 5xx, 429 and drop-after-commit.
actor FaultInjector {
    private let configuration: SandboxConfiguration
    private var bucket: TokenBucket?
    /// The bulk route's own budget: 30 requests a minute (respan-api.md §9), bursts of 30.
    private var bulkBucket: TokenBucket?
    private var generator: SplitMix64
    private let stopwatch: Stopwatch

    init(_ configuration: SandboxConfiguration, stopwatch: Stopwatch) {
        self.configuration = configuration
        self.stopwatch = stopwatch
        bucket = configuration.rateLimitPerMinute.map { TokenBucket(ratePerMinute: $0, now: stopwatch.elapsed) }
        bulkBucket = configuration.bulkRateLimitPerMinute.map {
            TokenBucket(ratePerMinute: $0, capacity: $0, now: stopwatch.elapsed)
        }
        generator = SplitMix64(seed: configuration.seed ?? UInt64.random(in: 0...UInt64.max))
    }

    /// A 429 when the rate limit is spent, with `retry_after` in whole seconds (at least 1).
    func rateLimitError() -> APIError? {
        guard var current = bucket else { return nil }
        defer { bucket = current }
        guard let wait = current.take(now: stopwatch.elapsed) else { return nil }
        let seconds = max(1, Int(wait.seconds.rounded(.up)))
        return APIError(status: 429, detail: "Rate limit exceeded", retryAfter: seconds)
    }

    /// A 429 when the bulk route's budget is spent.
    func bulkRateLimitError() -> APIError? {
        guard var current = bulkBucket else { return nil }
        defer { bulkBucket = current }
        guard let wait = current.take(now: stopwatch.elapsed) else { return nil }
        return APIError(
            status: 429, detail: "Rate limit exceeded on logs/bulk/ (30 a minute).",
            retryAfter: max(1, Int(wait.seconds.rounded(.up))))
    }

    func injectedServerError() -> APIError? {
        guard roll(configuration.errorRate) else { return nil }
        let status = [500, 502, 503][Int(generator.next() % 3)]
        return APIError(status: status, detail: "Injected server error (sandbox --error-rate).")
    }

    func shouldDropAfterCommit() -> Bool { roll(configuration.dropAfterCommit) }

    /// Whether `/logs/bulk/` rejects one row (`--bulk-error-rate`).
    func rejectsRow() -> Bool { roll(configuration.bulkErrorRate) }

    private func roll(_ probability: Double) -> Bool {
        guard probability > 0 else { return false }
        return Double(generator.next() >> 11) / Double(UInt64(1) << 53) < probability
    }
}

/// A small seedable generator, so a fault pattern can be replayed with `--seed`.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
