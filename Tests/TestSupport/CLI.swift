import Foundation

/// Runs the built `respan-plan` binary, as a user would.
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

    /// `run` on a thread of its own, for a test whose sandbox runs in the same process: a
    /// cooperative-pool thread blocked on a child process could starve the sandbox it talks to.
    public static func runOffPool(
        _ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]
    ) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Swift.Result { try run(arguments, in: directory, environment: environment) })
            }
        }
    }
}
