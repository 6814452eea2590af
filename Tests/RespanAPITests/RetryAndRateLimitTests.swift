import Foundation
import RespanAPI
import RespanCore
import TestSupport
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
        let start = Duration.seconds(100)
        var bucket = TokenBucket(ratePerMinute: 60, capacity: 2, now: start)
        #expect(bucket.take(now: start) == nil)
        #expect(bucket.take(now: start) == nil)
        let wait = bucket.take(now: start)
        #expect(wait.map { abs($0.seconds - 1) < 1e-9 } == true)
        #expect(bucket.take(now: start + .seconds(1)) == nil)
        #expect(bucket.reserve(now: start + .seconds(1)) == .seconds(1))
        #expect(bucket.reserve(now: start + .seconds(1)) == .seconds(2))
    }

    @Test func aPausedBucketHandsOutNothingUntilThePauseEnds() {
        var limited = TokenBucket(ratePerMinute: 600, capacity: 5, now: .zero)
        limited.pause(until: .seconds(2))
        #expect(limited.take(now: .seconds(1)) == .seconds(1))
        #expect(limited.reserve(now: .seconds(1)) == .seconds(1))
        var unlimited = TokenBucket(ratePerMinute: nil, now: .zero)
        #expect(unlimited.reserve(now: .zero) == .zero)
        #expect(unlimited.reserve(now: .zero) == .zero)
        unlimited.pause(until: .seconds(3))
        #expect(unlimited.reserve(now: .seconds(1)) == .seconds(2))
        #expect(unlimited.take(now: .seconds(3)) == nil)
    }

    @Test func rateLimiterWaitsForEachTokenAndPausesAfter429() async throws {
        let clock = TestClock(.skipping)
        let limiter = RateLimiter(ratePerMinute: 600, clock: clock)
        for _ in 0..<3 { try await limiter.acquire() }
        #expect(clock.sleeps == [.milliseconds(100), .milliseconds(100)])
        await limiter.pause(for: .seconds(2))
        try await limiter.acquire()
        #expect(clock.sleeps.last.map { $0 >= .seconds(2) } == true)
    }

    /// `/logs/bulk/` has its own budget, 30 a minute (respan-api.md §9): 30 at once, then one
    /// every 2 s.
    @Test func theBulkBudgetLetsThirtyGoThenSpacesTheRest() async throws {
        let clock = TestClock(.skipping)
        let limiter = RateLimiter.bulkRows(clock: clock)
        for _ in 0..<30 { try await limiter.acquire() }
        #expect(clock.sleeps.isEmpty)
        for _ in 0..<2 { try await limiter.acquire() }
        #expect(clock.sleeps == [.seconds(2), .seconds(2)])
    }

    @Test func aRateLimiterWithoutARateWaitsOnlyAfterA429() async throws {
        let clock = TestClock(.skipping)
        let limiter = RateLimiter(ratePerMinute: nil, clock: clock)
        for _ in 0..<5 { try await limiter.acquire() }
        #expect(clock.sleeps.isEmpty)
        await limiter.pause(for: .seconds(3))
        try await limiter.acquire()
        #expect(clock.sleeps == [.seconds(3)])
    }

    static func unreachable(_ host: String) -> RespanAPIError {
        .unreachable(Unreachable(reason: .nameResolution, host: host, port: 443, detail: "x"))
    }

    @Test func anUnreachableRemoteHostGetsAShortBoundedRetry() {
        let policy = RetryPolicy()
        var random = FixedRandom(value: .max)
        let remote = (1...6).map {
            policy.delay(after: $0, error: Self.unreachable("api.respan.test"), random: &random)
        }
        #expect(remote.map { $0 != nil } == [true, true, false, false, false, false])
        #expect(remote.compactMap { $0 }.reduce(.zero, +) <= .seconds(1))
        #expect(policy.attempts(for: Self.unreachable("api.respan.test")) == 3)
        // Loopback is usually a sandbox still starting: it keeps the normal retries.
        #expect(policy.attempts(for: Self.unreachable("127.0.0.1")) == 6)
        #expect(policy.attempts(for: .timeout) == 6)
    }

    @Test func cancellationIsNeverRetried() {
        var random = FixedRandom(value: 1)
        #expect(RespanAPIError.cancelled.isRetryable == false)
        #expect(RetryPolicy().delay(after: 1, error: .cancelled, random: &random) == nil)
    }
}
