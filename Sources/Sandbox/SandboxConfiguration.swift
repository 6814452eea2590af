import Foundation

/// How a sandbox runs: where it listens, where it keeps state, and which faults it injects.
public struct SandboxConfiguration: Sendable {
    public var host = "127.0.0.1"
    /// 0 picks a free ephemeral port.
    public var port = 8787
    /// The bearer token every request must carry.
    public var token: String
    /// Where state is kept; nil keeps it in memory only.
    public var dataDirectory: URL?
    /// How long a simulated run takes from creation (or restart) to completion.
    public var runSeconds: Double = 5
    /// Extra delay before every response.
    public var latency: Duration = .zero
    /// The share of requests (0–1) answered with an injected 5xx.
    public var errorRate: Double = 0
    /// Requests a minute before 429s; nil for no limit.
    public var rateLimitPerMinute: Double?
    /// Bulk row requests a minute before 429s (`/logs/bulk/` has its own budget of 30,
    /// respan-api.md §9), in bursts of as many; nil for no limit.
    public var bulkRateLimitPerMinute: Double? = 30
    /// The share of successful writes (0–1) whose connection is closed, without a response,
    /// after the write is committed.
    public var dropAfterCommit: Double = 0
    /// The share of rows (0–1) a dataset's `/logs/bulk/` rejects one by one, each reported
    /// in `errors` while the others are stored.
    public var bulkErrorRate: Double = 0
    /// How it answers where Respan's docs are silent (respan-api.md §9).
    public var behaviour = RemoteBehaviour()
    /// Seeds the fault dice, for reproducible runs; nil for a random seed.
    public var seed: UInt64?
    /// The clock runs progress by, the rate limit refills by and `latency` waits on. The
    /// sandbox's time is the wall time at start plus the time elapsed on this clock, so a
    /// test clock moves every run forward at once, without sleeping.
    public var clock: any Clock<Duration> = ContinuousClock()
    /// Where every answered request is recorded, for tests that count requests; nil records none.
    public var requestLog: RequestLog? = nil

    public init(token: String) {
        self.token = token
    }

    /// Seconds a run of the embedded sandbox takes: short, so `apply --sandbox --wait` then
    /// `results --sandbox` is a quick first try (the standalone sandbox keeps `--run-seconds`).
    public static let embeddedRunSeconds: Double = 3

    /// The embedded sandbox (`--sandbox`): a free loopback port, runs of `embeddedRunSeconds`,
    /// state in `.respan/sandbox/` beside the manifest.
    public static func embedded(besideManifest manifest: String) -> SandboxConfiguration {
        var configuration = SandboxConfiguration(token: generateToken())
        configuration.port = 0
        configuration.runSeconds = embeddedRunSeconds
        let directory = (manifest as NSString).deletingLastPathComponent
        configuration.dataDirectory = URL(fileURLWithPath: directory.isEmpty ? "." : directory)
            .appendingPathComponent(".respan/sandbox")
        return configuration
    }

    /// A token for a sandbox started without one: `sk_sandbox_` and 32 hex digits.
    public static func generateToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let hex = (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }
        return "sk_sandbox_" + hex.joined()
    }
}
