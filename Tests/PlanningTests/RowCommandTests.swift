import Foundation
import RespanCore
import TestSupport
import Testing

@testable import Applying
@testable import Manifest

/// Where a runner's program is found. The child starts in the runner's folder, so the path handed
/// to it must not be relative to this process's folder.
@Suite struct RowCommandTests {
    static func runner(command: [String], directory: String) -> Runner {
        Runner(
            command: command, directory: directory, inputs: [], concurrency: 1, timeout: .seconds(1), environment: [],
            location: SourceLocation(file: "experiments.yaml", line: 1, column: 1))
    }

    @Test func aProgramBesideAManifestNamedFromAnotherFolderIsFoundByItsAbsolutePath() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("sub/answer.sh", "#!/bin/sh\necho '{}'\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.path("sub/answer.sh"))
        // The manifest's folder as the loader keeps it: relative to this process's folder.
        let cwd = FileManager.default.currentDirectoryPath.split(separator: "/").count
        let relative = String(repeating: "../", count: cwd) + directory.path("sub").dropFirst()
        let found = RowCommand.locate("./answer.sh", Self.runner(command: ["./answer.sh"], directory: relative), [:])
        #expect(found == URL(fileURLWithPath: directory.path("sub/answer.sh")).standardizedFileURL.path)
        #expect(found?.hasPrefix("/") == true)
    }

    @Test func aBareNameIsLookedUpOnPath() {
        let found = RowCommand.locate("sh", Self.runner(command: ["sh"], directory: "."), ["PATH": "/nonexistent:/bin"])
        #expect(found == "/bin/sh")
        #expect(RowCommand.locate("no-such-program", Self.runner(command: [], directory: "."), ["PATH": "/bin"]) == nil)
    }
}
