import RespanAPI
import Synchronization

/// Collects the retry notices a client reports, for tests to read.
public final class NoticeLog: Sendable {
    private let notices = Mutex<[RetryNotice]>([])

    public init() {}

    /// Pass as `ClientConfiguration.onRetry`.
    public var record: @Sendable (RetryNotice) -> Void {
        { notice in self.notices.withLock { $0.append(notice) } }
    }

    public var all: [RetryNotice] { notices.withLock { $0 } }

    /// `attempt/maxAttempts` of each notice, e.g. `["1/3", "2/3"]`.
    public var attempts: [String] { all.map { "\($0.attempt)/\($0.maxAttempts)" } }
}
