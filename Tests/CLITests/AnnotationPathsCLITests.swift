import Foundation
import TestSupport
import Testing

/// GitHub reads an annotation's `file` from the repository root: run from a subfolder, validate
/// and a failed gate name `evals/experiments.yaml`, not `experiments.yaml`.
@Suite struct AnnotationPathsCLITests {
    @Test func validateFromASubfolderAnnotatesFromTheWorkspaceRoot() async throws {
        let root = try TemporaryDirectory()
        defer { root.remove() }
        try root.write("evals/experiments.yaml", "version: 1\nexperiments:\n  answer: { dataset_id: 7 }\n")
        let evals = root.url.appendingPathComponent("evals")
        let result = try await CLI.run(
            ["validate", "experiments.yaml"], in: evals,
            environment: ["GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": root.url.path])
        #expect(result.status == 1)
        #expect(result.stdout.contains("::error file=evals/experiments.yaml,line=3,"), "\(result.stdout)")
        #expect(!result.stdout.contains("::error file=experiments.yaml"))
    }

    /// Without GITHUB_WORKSPACE the git repository's root is the base.
    @Test func aFailedGateFromASubfolderOfARepositoryAnnotatesFromItsRoot() async throws {
        let root = try TemporaryDirectory()
        defer { root.remove() }
        try BaselineRefCLITests.git(["init", "-q"], in: root.url)
        try root.write("evals/experiments.yaml", ResultsCommandTests.manifest(gate: "min_mean: 0.9"))
        let evals = root.url.appendingPathComponent("evals")
        let applied = try await CLI.run(["apply", "--sandbox", "--auto-approve", "--wait"], in: evals)
        #expect(applied.status == 0, "\(applied.stderr)")
        let result = try await CLI.run(["results", "--sandbox"], in: evals, environment: ["GITHUB_ACTIONS": "true"])
        #expect(result.status == 3)
        #expect(
            result.stdout.contains("::error file=evals/experiments.yaml,line=10,col=14::gate failed: answer · quality"),
            "\(result.stdout)")
    }
}
