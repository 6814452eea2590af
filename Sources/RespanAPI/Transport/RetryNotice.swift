import RespanCore

/// A retry the client is about to wait for, reported to `ClientConfiguration.onRetry` so the
/// program can tell its user (the library itself never prints).
public struct RetryNotice: Sendable, Equatable, CustomStringConvertible {
    /// The call that failed: method and path, e.g. `POST /api/v2/experiments/`.
    public var request: String
    public var error: RespanAPIError
    /// The attempt that failed, from 1.
    public var attempt: Int
    /// Attempts in all for this kind of failure.
    public var maxAttempts: Int
    /// How long the client waits before the next attempt.
    public var delay: Duration

    public init(request: String, error: RespanAPIError, attempt: Int, maxAttempts: Int, delay: Duration) {
        self.request = request
        self.error = error
        self.attempt = attempt
        self.maxAttempts = maxAttempts
        self.delay = delay
    }

    /// `POST /api/v2/experiments/ failed (HTTP 503: …), attempt 2 of 6; retrying in 1.4 s`.
    public var description: String {
        let seconds = (delay.seconds * 10).rounded() / 10
        return "\(request) failed (\(error)), attempt \(attempt) of \(maxAttempts); retrying in \(seconds) s"
    }
}
