import Foundation
import RespanCore

extension RespanClient {
    /// Sends a call and decodes its answer, retrying as `retryPolicy` allows: the one retry
    /// loop of the client.
    ///
    /// `lookup` is for a call whose failed attempt may still have taken effect (a create with
    /// a client-chosen id): before trying again it looks for the result, and returns what it
    /// finds instead of repeating the call. Cancellation ends the loop at once with
    /// `.cancelled`, whether it comes during a request or during a wait.
    func send<Result>(
        _ call: Call, lookup: (() async throws(RespanAPIError) -> Result?)?,
        decode: (JSONValue?) throws(RespanAPIError) -> Result
    ) async throws(RespanAPIError) -> Result {
        var generator = SystemRandomNumberGenerator()
        var attempt = 0
        while true {
            attempt += 1
            let failure: RespanAPIError
            do {
                return try decode(try await sendOnce(call))
            } catch {
                failure = error
            }
            guard call.retryable, failure.isRetryable else { throw failure }
            // A 429 took nothing: only another failure may have, and is looked for first.
            if let lookup, failure.status != 429, let found = try await lookup() { return found }
            guard let delay = retryPolicy.delay(after: attempt, error: failure, random: &generator) else {
                throw failure
            }
            report(call, failure, attempt: attempt, delay: delay)
            if let retryAfter = failure.retryAfter { await rateLimiter.pause(for: .seconds(retryAfter)) }
            do {
                try await stopwatch.sleep(for: delay)
            } catch {
                throw .cancelled
            }
        }
    }

    private func report(_ call: Call, _ error: RespanAPIError, attempt: Int, delay: Duration) {
        guard let onRetry = configuration.onRetry else { return }
        let target = call.absoluteURL.map { $0.replacingOccurrences(of: configuration.baseURL, with: "") } ?? call.path
        onRetry(
            RetryNotice(
                request: "\(call.method.rawValue) \(target)", error: error, attempt: attempt,
                maxAttempts: retryPolicy.attempts(for: error), delay: delay))
    }
}
