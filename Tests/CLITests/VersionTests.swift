import Foundation
import TestSupport
import Testing

/// `respan-plan --version`: the version and the commit the binary was built from.
@Suite struct VersionTests {
    /// The quoted value of `static let NAME = "…"` in a source file: the commit in
    /// Sources/respan-plan/BuildInfo.swift (the line the release workflow rewrites), the version
    /// in Sources/RespanCore/ToolVersion.swift.
    static func buildInfo(_ name: String, in path: String = "Sources/respan-plan/BuildInfo.swift") throws -> String {
        let file = Paths.packageRoot.appendingPathComponent(path)
        let source = try String(contentsOf: file, encoding: .utf8)
        let line = try #require(source.split(separator: "\n").first { $0.contains("static let \(name) = \"") })
        let quoted = line.split(separator: "\"", omittingEmptySubsequences: false)
        return try #require(quoted.count >= 3 ? String(quoted[1]) : nil)
    }

    @Test func versionPrintsTheVersionAndTheCommit() async throws {
        let result = try await CLI.run(["--version"])
        #expect(result.status == 0, "\(result.stderr)")
        let version = try Self.buildInfo("current", in: "Sources/RespanCore/ToolVersion.swift")
        let expected = "\(version) (commit \(try Self.buildInfo("commit")))\n"
        #expect(result.stdout == expected)
        #expect(result.stdout.wholeMatch(of: /\d+\.\d+\.\d+ \(commit [0-9a-z]+\)\n/) != nil)
        #expect(result.stderr.isEmpty)
    }

    @Test(arguments: ["plan", "apply", "results", "sandbox"])
    func everyCommandPrintsTheSameVersion(_ command: String) async throws {
        let root = try await CLI.run(["--version"])
        let result = try await CLI.run([command, "--version"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == root.stdout)
    }
}
