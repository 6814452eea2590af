/// `--timeout`: the whole command gave up after this long.
struct CommandTimeout: Error, CustomStringConvertible {
    let seconds: Double

    var description: String {
        "gave up after \(seconds.formatted()) s (--timeout); nothing further was sent. Raise --timeout, or check the endpoint"
    }
}

/// Runs `work`, cancelling it once `seconds` pass (no limit when nil).
func withDeadline<T: Sendable>(
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
        guard let first = try await group.next(), let value = first else { throw CommandTimeout(seconds: seconds) }
        return value
    }
}
