import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One apply at a time per lockfile: an exclusive `flock` on a sibling file, held for the
/// whole apply. The kernel drops it when the process dies, so a killed run never leaves a
/// stale lock; the file's text only says who holds it.
public final class FileLock: @unchecked Sendable {
    // The descriptor is touched only by acquire/release on the thread that runs the command.
    private let path: String
    private var descriptor: Int32 = -1

    public init(path: String) {
        self.path = path
    }

    /// Takes the lock, retrying until `timeout` (zero: fail at once).
    public func acquire(timeout: Duration) async throws(FileLockError) {
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .cannotOpen(path, String(cString: strerror(errno))) }
        let deadline = ContinuousClock.now + timeout
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            if ContinuousClock.now >= deadline {
                let text = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(
                    in: .whitespacesAndNewlines)
                close(descriptor)
                descriptor = -1
                throw .held(path, text.flatMap { $0.isEmpty ? nil : $0 } ?? "another process")
            }
            try? await Task.sleep(for: .milliseconds(100))
        }
        let info = "pid \(getpid()) on \(ProcessInfo.processInfo.hostName) since \(Date().formatted(.iso8601))\n"
        _ = ftruncate(descriptor, 0)
        _ = info.withCString { pwrite(descriptor, $0, strlen($0), 0) }
    }

    public func release() {
        guard descriptor >= 0 else { return }
        _ = ftruncate(descriptor, 0)
        flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }
}

public enum FileLockError: Error, CustomStringConvertible {
    case cannotOpen(String, String)
    case held(String, String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason): "cannot open the lock file '\(path)': \(reason)"
        case .held(let path, let holder):
            "another apply holds the lock '\(path)' (\(holder)); wait for it, or pass --lock-timeout to wait"
        }
    }
}
