import Foundation

/// Asks an apply to start no more changes (Ctrl-C); changes already under way finish.
public final class StopRequest: Sendable {
    private let state = LockedFlag()

    public init() {}

    public func stop() { state.set() }
    public var isStopped: Bool { state.value }
}

private final class LockedFlag: @unchecked Sendable {
    // Guarded by `lock`.
    private var flag = false
    private let lock = NSLock()

    func set() { lock.withLock { flag = true } }
    var value: Bool { lock.withLock { flag } }
}
