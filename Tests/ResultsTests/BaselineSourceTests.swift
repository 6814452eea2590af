import Foundation
import TestSupport
import Testing

@testable import Results

/// The hint for a ref a shallow clone lacks must be a command that makes the ref exist.
@Suite struct BaselineSourceTests {
    @discardableResult
    static func git(_ arguments: [String], in directory: URL) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments =
            ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "protocol.file.allow=always"]
            + arguments
        process.currentDirectoryURL = directory
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func theShallowCloneHintFetchesTheRefItNames() throws {
        let origin = try TemporaryDirectory(), work = try TemporaryDirectory()
        defer {
            origin.remove()
            work.remove()
        }
        try Self.git(["init", "-q", "-b", "main"], in: origin.url)
        try origin.write("experiments.lock", "{}\n")
        try Self.git(["add", "."], in: origin.url)
        try Self.git(["commit", "-q", "-m", "main"], in: origin.url)
        try Self.git(["checkout", "-q", "-b", "feature"], in: origin.url)
        try Self.git(["commit", "-q", "--allow-empty", "-m", "feature"], in: origin.url)
        let clone = work.url.appendingPathComponent("clone")
        try Self.git(
            [
                "clone", "-q", "--depth=1", "--single-branch", "--branch", "feature", "file://" + origin.url.path,
                "clone",
            ],
            in: work.url)
        #expect(try Self.git(["rev-parse", "--verify", "origin/main"], in: clone).status != 0)

        let hint = BaselineError.unknownRef("origin/main", "unknown revision", shallow: true).description
        #expect(hint.contains("'git fetch --depth=1 origin +refs/heads/main:refs/remotes/origin/main'"))
        let command = BaselineError.fetchCommand("origin/main").split(separator: " ").dropFirst().map(String.init)
        #expect(try Self.git(command, in: clone).status == 0)
        #expect(try Self.git(["rev-parse", "--verify", "origin/main"], in: clone).status == 0)
    }
}
