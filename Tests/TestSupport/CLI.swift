import Foundation

/// Runs the built `respan-plan` binary, as a user would.
///
/// Every call waits for its child on a thread of its own (`offPool`), never on the cooperative
/// pool: tests run in parallel on that pool (two threads on two cores), and most of them talk to
/// a sandbox running in this process on the same pool. A pool thread blocked on a child that
/// waits for such a sandbox stalls every test until the child's requests time out (seen on CI:
/// every test stood still for three minutes).
public enum CLI {
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        /// Whether the process ended by a signal (a crash) rather than exiting.
        public var crashed: Bool
    }

    public static var binary: URL { Paths.productsDir.appendingPathComponent("respan-plan") }

    /// Runs `respan-plan arguments…` in `directory` with the test's environment plus `environment`
    /// (or `environment` alone when `inherit` is false, for output that must not vary by machine).
    public static func run(
        _ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:], inherit: Bool = true
    ) async throws -> Result {
        try await offPool { try runBlocking(arguments, in: directory, environment: environment, inherit: inherit) }
    }

    /// Runs `work`, which blocks (a child process, a blocking read), on a thread of its own and
    /// returns what it returns, so that the cooperative pool stays free for the sandboxes.
    public static func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Swift.Result { try work() }) }
        }
    }

    private static func runBlocking(
        _ arguments: [String], in directory: URL?, environment: [String: String], inherit: Bool
    ) throws -> Result {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? Paths.packageRoot
        var env = inherit ? ProcessInfo.processInfo.environment : [:]
        env["GITHUB_ACTIONS"] = nil
        env.merge(environment) { _, new in new }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read before waiting so a large output cannot fill the pipe and stall the child.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self), crashed: process.terminationReason == .uncaughtSignal)
    }
}
