import Synchronization

/// Asks an apply to start no more changes (Ctrl-C, or `--timeout` running out); changes
/// already under way finish and are recorded.
public final class StopRequest: Sendable {
    public enum Reason: Sendable, Equatable {
        /// Ctrl-C.
        case interrupt
        /// `--timeout` ran out after this many seconds.
        case deadline(seconds: Double)
    }

    private let state = Mutex<Reason?>(nil)

    public init() {}

    /// Stops; the first reason given is the one kept.
    public func stop(_ reason: Reason = .interrupt) { state.withLock { $0 = $0 ?? reason } }
    public var isStopped: Bool { reason != nil }
    public var reason: Reason? { state.withLock { $0 } }
}
