import Synchronization

/// Every request a sandbox answered, as `METHOD /path` (query left out), in order: what a test
/// counts to hold a command to its request budget ("no trace page for a run both sides share").
public final class RequestLog: Sendable {
    private let entries = Mutex<[String]>([])

    public init() {}

    func record(_ method: String, _ path: String) {
        entries.withLock { $0.append("\(method) \(path)") }
    }

    /// The requests so far.
    public var requests: [String] { entries.withLock { $0 } }

    /// Forgets the requests so far (to count one command's requests).
    public func clear() {
        entries.withLock { $0.removeAll() }
    }
}
