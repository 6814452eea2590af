/// A whole operation gave up after `seconds` (`--timeout`).
public struct DeadlineExceeded: Error, CustomStringConvertible {
    public let seconds: Double

    public init(seconds: Double) {
        self.seconds = seconds
    }

    public var description: String {
        "gave up after \(seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)) s (--timeout); nothing further was sent. Raise --timeout, or check the endpoint"
    }
}

/// Runs `work`, cancelling it and throwing `DeadlineExceeded` once `seconds` pass (nil: no limit).
public func withDeadline<T: Sendable>(
    seconds: Double?, _ work: @escaping @Sendable () async throws -> T
) async throws -> T {
    guard let seconds else { return try await work() }
    return try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await work() }
        group.addTask {
            try await Task.sleep(for: .seconds(seconds))
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else { throw DeadlineExceeded(seconds: seconds) }
        return value
    }
}
