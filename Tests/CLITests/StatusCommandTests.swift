import Foundation
import TestSupport
import Testing

/// `status --wait` on a real terminal (a pseudo-terminal from `script`).
@Suite struct StatusCommandTests {
    /// Runs already under way when the wait begins: the first frame has no pace to go by, so
    /// it gives no estimate (it said "about 0 s left"); later ones go by the progress made
    /// since the wait began.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func runsUnderWayNeverShowAboutZeroSecondsLeft() async throws {
        try await withStarted({ try await SandboxHarness.start { $0.runSeconds = 6 } }) { sandbox in
            let directory = try ApplyCommandTests.quickstart()
            defer { directory.remove() }
            let env = ["RESPAN_BASE_URL": sandbox.url, "RESPAN_API_KEY": sandbox.token]
            let apply = try await CLI.run(["apply", "--auto-approve"], in: directory.url, environment: env)
            #expect(apply.status == 0, "\(apply.stderr)")
            // Until every run is past its pending phase: then each has progress to show.
            for _ in 0..<100 {
                let status = try await CLI.run(["status"], in: directory.url, environment: env)
                if !status.stdout.contains("pending") { break }
            }
            let shown = try await Self.onTerminal("status --wait --timeout 2s", in: directory, environment: env)
            #expect(shown.contains("running"), "\(shown)")
            #expect(!shown.contains("about 0 s left"), "\(shown)")
            // No run reaches 100 % within the wait: none is "finishing" either.
            #expect(!shown.contains("finishing"), "\(shown)")
        }
    }

    /// What the terminal showed for `respan-plan ARGUMENTS` (standard output and error together).
    static func onTerminal(
        _ arguments: String, in directory: TemporaryDirectory, environment: [String: String]
    ) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
                process.arguments = ["-qec", "'\(CLI.binary.path)' \(arguments)", "/dev/null"]
                process.currentDirectoryURL = directory.url
                process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
                let output = Pipe()
                process.standardInput = Pipe()
                process.standardOutput = output
                do {
                    try process.run()
                    let data = output.fileHandleForReading.readDataToEndOfFile()
                    process.waitUntilExit()
                    continuation.resume(returning: String(decoding: data, as: UTF8.self))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }
}
