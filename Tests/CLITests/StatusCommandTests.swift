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
        // The sandbox's time moves only when the test moves it: the runs are half done, however
        // slow the machine.
        let clock = TestClock()
        try await withStarted({
            try await SandboxHarness.start {
                $0.runSeconds = 6
                $0.clock = clock
            }
        }) { sandbox in
            let directory = try ApplyCommandTests.quickstart()
            defer { directory.remove() }
            let env = ["RESPAN_BASE_URL": sandbox.url, "RESPAN_API_KEY": sandbox.token]
            let apply = try await CLI.run(["apply", "--auto-approve"], in: directory.url, environment: env)
            #expect(apply.status == 0, "\(apply.stderr)")
            // Past the pending phase (the first 10 %): each run has progress to show.
            clock.advance(by: .seconds(3))
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
