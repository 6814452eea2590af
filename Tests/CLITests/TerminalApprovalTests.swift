import Foundation
import TestSupport
import Testing

/// The confirmation prompt on a real terminal (a pseudo-terminal from `script`).
@Suite struct TerminalApprovalTests {
    /// Runs `apply --sandbox` on a terminal, typing `answer` at the prompt; what the terminal
    /// showed (standard output and error together).
    static func apply(
        answering answer: String, in directory: TemporaryDirectory
    ) async throws -> (status: Int32, stdout: String) {
        try await CLI.offPool {
            try Self.applyBlocking(answering: answer, in: directory)
        }
    }

    private static func applyBlocking(
        answering answer: String, in directory: TemporaryDirectory
    ) throws -> (status: Int32, stdout: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qec", "'\(CLI.binary.path)' apply --sandbox", "/dev/null"]
        process.currentDirectoryURL = directory.url
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data((answer + "\n").utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// "y" is not "yes": nothing changes, and the person is told what to type.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func aShortYesIsRefusedWithAHint() async throws {
        let directory = try ApplyCommandTests.quickstart()
        defer { directory.remove() }
        let result = try await Self.apply(answering: "y", in: directory)
        #expect(result.stdout.contains("'y' is not 'yes': nothing was changed; type the whole word 'yes' to apply"))
        #expect(result.stdout.contains("Apply cancelled."))
        #expect(!FileManager.default.fileExists(atPath: directory.path("experiments.lock")))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func yesApplies() async throws {
        let directory = try ApplyCommandTests.quickstart()
        defer { directory.remove() }
        let result = try await Self.apply(answering: "yes", in: directory)
        #expect(result.stdout.contains("Apply complete: 2 created"), "\(result.stdout)")
        // The question names where the changes go.
        #expect(
            result.stdout.contains(
                "Do you want to apply these changes on the embedded sandbox, the default state? Only 'yes' is accepted:"
            ),
            "\(result.stdout)")
    }
}
