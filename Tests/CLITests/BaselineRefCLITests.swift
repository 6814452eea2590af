import Foundation
import RespanCore
import TestSupport
import Testing

/// `--baseline-ref` on the pull request that introduces respan-plan: the base branch has no
/// lockfile, so every key is new, the regression gates are skipped and say so, and the exit
/// code follows the other gates (0 here), not 1.
@Suite struct BaselineRefCLITests {
    static func git(_ arguments: [String], in directory: URL) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"] + arguments
        process.currentDirectoryURL = directory
        process.standardOutput = Pipe()
        process.standardError = Pipe()
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "git \(arguments)")
    }

    @Test func aBaseWithoutALockfileMeansEveryKeyNewAndExitZero() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write(
            "experiments.yaml", ResultsCommandTests.manifest(gate: "min_mean: 0.5, max_regression: 0.05"))
        try Self.git(["init", "-q", "--initial-branch=main"], in: directory.url)
        try Self.git(["add", "experiments.yaml"], in: directory.url)
        try Self.git(["commit", "-q", "-m", "Introduce respan-plan"], in: directory.url)
        let applied = try await CLI.run(["apply", "--sandbox", "--auto-approve", "--wait"], in: directory.url)
        #expect(applied.status == 0, "\(applied.stderr)")
        let text = try await CLI.run(["results", "--sandbox", "--baseline-ref", "main"], in: directory.url)
        #expect(text.status == 0, "\(text.stdout)\(text.stderr)")
        #expect(
            text.stdout.contains(
                "No baseline at main (no lockfile committed there): every key is new, and regression gates are skipped."
            ))
        #expect(
            text.stdout.contains(
                "– answer · quality max_regression: no baseline at main (no lockfile committed there): every key is new"
            ))
        let markdown = try await CLI.run(
            ["results", "--sandbox", "--baseline-ref", "main", "--format", "markdown"], in: directory.url)
        #expect(markdown.status == 0)
        #expect(markdown.stdout.contains("no baseline at `main`: every key new, regression gates skipped"))
        let json = try await CLI.run(
            ["results", "--sandbox", "--baseline-ref", "main", "--format", "json"], in: directory.url)
        let baseline = try JSONValue(parsing: json.stdout)["baseline"]
        #expect(baseline?["absent"] == true && baseline?["new_keys"] == ["answer"])
    }
}
