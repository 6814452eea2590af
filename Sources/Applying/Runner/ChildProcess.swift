import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One run of a local program with bytes on standard input, its output and errors collected,
/// and a time limit after which it and its process group are killed. Blocking work happens on a
/// thread of its own, so the cooperative pool (and an in-process sandbox on it) is never held up.
///
/// Spawned with `posix_spawn` (see `Spawn`) rather than Foundation's `Process`, for two things
/// `Process` does not promise: the child leads a process group of its own, so the time limit
/// kills what the command started too, and every pipe is close-on-exec, so no row's child holds
/// another row's pipe open. Its exit is polled with `waitpid` (a millisecond at first, then at
/// most every 10).
struct ChildProcess: Sendable {
    struct Finished: Sendable {
        var status: Int32
        /// Ended by a signal (the time limit's, or another's) rather than exiting.
        var signalled: Bool
        var timedOut: Bool
        var stdout: Data
        var stderr: Data
    }

    let executable: String
    let arguments: [String]
    let directory: String
    let environment: [String: String]
    let timeout: Duration

    func run(input: Data) async throws -> Finished {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try runBlocking(input: input) })
            }
        }
    }

    private func runBlocking(input: Data) throws -> Finished {
        Self.ignoreBrokenPipes()
        let spawn = Spawn(
            arguments: [executable] + arguments, directory: directory,
            environment: environment.map { "\($0.key)=\($0.value)" })
        // Pipes are made and marked close-on-exec in two steps: a spawn of another row between
        // them would hand that row's child this row's pipe (its stdin would never see EOF).
        let (stdin, stdout, stderr, pid) = try Self.spawning.withLock { _ in
            let (stdin, stdout, stderr) = (try Pipes(), try Pipes(), try Pipes())
            return (
                stdin, stdout, stderr, try spawn.start(stdin: stdin.read, stdout: stdout.write, stderr: stderr.write)
            )
        }
        close(stdin.read)
        close(stdout.write)
        close(stderr.write)
        let out = Collector(stdout.read), err = Collector(stderr.read)
        Thread.detachNewThread {
            // A child that exits without reading its input fails this write; nothing more.
            let handle = FileHandle(fileDescriptor: stdin.write, closeOnDealloc: true)
            try? handle.write(contentsOf: input)
            try? handle.close()
        }
        let (status, timedOut) = Self.wait(for: pid, upTo: timeout)
        let signalled = (status & 0x7f) != 0
        return Finished(
            status: signalled ? status & 0x7f : (status >> 8) & 0xff, signalled: signalled, timedOut: timedOut,
            stdout: out.finish(), stderr: err.finish())
    }

    /// Waits for the child, killing its process group once `limit` passes; the raw wait status.
    private static func wait(for pid: pid_t, upTo limit: Duration) -> (Int32, Bool) {
        let clock = ContinuousClock()
        let deadline = clock.now + limit
        var status: Int32 = 0
        var pause: UInt32 = 1000
        while waitpid(pid, &status, WNOHANG) == 0 {
            if clock.now >= deadline {
                kill(-pid, SIGKILL)
                kill(pid, SIGKILL)
                waitpid(pid, &status, 0)
                return (status, true)
            }
            usleep(pause)
            pause = min(pause * 2, 10_000)
        }
        return (status, false)
    }

    /// Held while pipes are made and a child spawned (see `runBlocking`).
    private static let spawning = Mutex<Void>(())

    /// A write to a child that closed its input would raise SIGPIPE and end this process; with
    /// the signal ignored it is an error of that write only. Set once, for the whole process.
    private static let brokenPipesIgnored: Void = {
        _ = signal(SIGPIPE, SIG_IGN)
    }()

    private static func ignoreBrokenPipes() { _ = brokenPipesIgnored }

    /// Reads a pipe to its end on a thread of its own; `finish` waits two seconds at most once
    /// the child is gone (a grandchild may still hold the pipe open).
    final class Collector: @unchecked Sendable {
        private let done = DispatchSemaphore(value: 0)
        private var data = Data()

        init(_ descriptor: Int32) {
            Thread.detachNewThread { [self] in
                let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
                data = handle.readDataToEndOfFile()
                done.signal()
            }
        }

        func finish() -> Data {
            // Past the wait the reader thread may still write `data`, so nothing is read from it.
            done.wait(timeout: .now() + 2) == .success ? data : Data()
        }
    }
}
