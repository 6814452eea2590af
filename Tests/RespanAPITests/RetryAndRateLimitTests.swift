import Foundation
import RespanAPI
import RespanCore
import Testing

/// The retry policy and rate limiter as pure pieces: an injected clock, no sleeping.
@Suite struct RetryAndRateLimitTests {
    struct FixedRandom: RandomNumberGenerator {
        var value: UInt64
        mutating func next() -> UInt64 { value }
    }

    static func http(_ status: Int, retryAfter: Double? = nil) -> RespanAPIError {
        .http(.init(status: status, detail: "x", fieldErrors: [:], retryAfter: retryAfter))
    }

    @Test func backoffGrowsWithinItsCeilingAndStops() throws {
        let policy = RetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(100), maxDelay: .milliseconds(250))
        var high = FixedRandom(value: .max)
        let delays = (1...3).compactMap { policy.delay(after: $0, error: .timeout, random: &high) }
        #expect(delays.map { ($0.seconds * 1000).rounded() } == [100, 200, 250])
        #expect(policy.delay(after: 4, error: .timeout, random: &high) == nil)
        var low = FixedRandom(value: 0)
        #expect(policy.delay(after: 1, error: .transport("reset"), random: &low) == .zero)
    }

    @Test(arguments: [400, 401, 403, 404, 422])
    func finalClientErrorsAreNotRetried(_ status: Int) {
        var random = FixedRandom(value: 1)
        #expect(RetryPolicy().delay(after: 1, error: Self.http(status), random: &random) == nil)
    }

    @Test(arguments: [408, 409, 429, 500, 502, 503])
    func transientErrorsAreRetried(_ status: Int) {
        var random = FixedRandom(value: 1)
        #expect(RetryPolicy().delay(after: 1, error: Self.http(status), random: &random) != nil)
    }

    @Test func retryAfterIsHonouredAndBounded() throws {
        var random = FixedRandom(value: 0)
        let policy = RetryPolicy(maxRetryAfter: .seconds(60))
        #expect(policy.delay(after: 1, error: Self.http(429, retryAfter: 30), random: &random) == .seconds(30))
        #expect(policy.delay(after: 1, error: Self.http(429, retryAfter: 600), random: &random) == nil)
    }

    @Test func tokenBucketSpacesRequestsToTheRate() {
        let start = ContinuousClock.now
        var bucket = TokenBucket(ratePerMinute: 60, capacity: 2, now: start)
        #expect(bucket.take(now: start) == nil)
        #expect(bucket.take(now: start) == nil)
        let wait = bucket.take(now: start)
        #expect(wait.map { abs($0.seconds - 1) < 1e-9 } == true)
        #expect(bucket.take(now: start + .seconds(1)) == nil)
        #expect(bucket.reserve(now: start + .seconds(1)) == .seconds(1))
        #expect(bucket.reserve(now: start + .seconds(1)) == .seconds(2))
    }

    /// A sleeper that advances a virtual clock instead of waiting.
    final class VirtualSleeper: Sleeper, @unchecked Sendable {
        private let lock = NSLock()
        private var current = ContinuousClock.now
        private(set) var sleeps: [Duration] = []

        func now() -> ContinuousClock.Instant { lock.withLock { current } }

        func sleep(for duration: Duration) async throws {
            lock.withLock {
                sleeps.append(duration)
                current += duration
            }
        }

        var recorded: [Double] { lock.withLock { sleeps.map { ($0.seconds * 1000).rounded() } } }
    }

    @Test func rateLimiterWaitsForEachTokenAndPausesAfter429() async throws {
        let sleeper = VirtualSleeper()
        let limiter = RateLimiter(ratePerMinute: 600, sleeper: sleeper)
        for _ in 0..<3 { try await limiter.acquire() }
        #expect(sleeper.recorded == [100, 100])
        await limiter.pause(for: .seconds(2))
        try await limiter.acquire()
        #expect(sleeper.recorded.last.map { $0 >= 2000 } == true)
    }
}
