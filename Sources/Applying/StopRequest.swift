import Lockfiles
import Planning
import Synchronization

/// Asks an apply to start no more changes (Ctrl-C); changes already under way finish.
public final class StopRequest: Sendable {
    private let stopped = Mutex(false)

    public init() {}

    public func stop() { stopped.withLock { $0 = true } }
    public var isStopped: Bool { stopped.withLock { $0 } }
}
