import Foundation
import Synchronization

/// Every request a sandbox answered, as `METHOD /path` (query left out), in order: what a test
/// counts to hold a command to its request budget ("no trace page for a run both sides share").
/// A log made with `appending(to:)` also writes each line to a file, for a sandbox in another
/// process (`respan-plan sandbox --request-log FILE`: the kill test and the benchmarks).
public final class RequestLog: Sendable {
    private let entries = Mutex<[String]>([])
    private let file: FileHandle?

    public init() {
        file = nil
    }

    private init(file: FileHandle) {
        self.file = file
    }

    /// A log that also appends each request, one line each, to `path` (created if missing).
    public static func appending(to path: String) throws -> RequestLog {
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: Data()) else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
            }
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        return RequestLog(file: handle)
    }

    func record(_ method: String, _ path: String) {
        let line = "\(method) \(path)"
        entries.withLock {
            $0.append(line)
            // Under the lock, so lines from concurrent requests never interleave.
            try? file?.write(contentsOf: Data((line + "\n").utf8))
        }
    }

    /// The requests so far.
    public var requests: [String] { entries.withLock { $0 } }

    /// Forgets the requests so far (to count one command's requests).
    public func clear() {
        entries.withLock { $0.removeAll() }
    }
}
