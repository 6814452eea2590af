/// Any `Clock` read as the time elapsed since the stopwatch was made.
///
/// Types that keep moments (a token bucket, the sandbox's clock) store durations from this
/// origin, so they work with whichever clock is injected (`ContinuousClock` in production, a
/// test clock in tests) without being generic over it.
public struct Stopwatch: Sendable {
    private let read: @Sendable () -> Duration
    private let wait: @Sendable (Duration) async throws -> Void

    /// Starts at `clock.now`.
    public init<C: Clock>(_ clock: C) where C.Duration == Duration {
        let start = clock.now
        read = { start.duration(to: clock.now) }
        wait = { duration in try await clock.sleep(until: clock.now.advanced(by: duration), tolerance: nil) }
    }

    /// A stopwatch on the system's continuous clock.
    public init() { self.init(ContinuousClock()) }

    /// Time on the clock since the stopwatch was made.
    public var elapsed: Duration { read() }

    /// Waits `duration` on the clock; throws `CancellationError` when the task is cancelled.
    public func sleep(for duration: Duration) async throws {
        try await wait(duration)
    }
}
