import Applying
import Foundation
import Lockfiles
import Planning
import RespanCore
import TestSupport
import Testing
import Views

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// `status` and `results` through the built binary against the embedded sandbox.
@Suite struct ResultsCommandTests {
    /// One experiment; scores are deterministic per spec: gpt-4.1 scores about 0.75 on
    /// eval_quality and gpt-4o about 0.52 on the same rows.
    static func manifest(model: String = "gpt-4.1", gate: String = "min_mean: 0.5", extra: String = "") -> String {
        """
        version: 1
        evaluators:
          quality: { id: eval_quality }
        experiments:
          answer:
            dataset_id: ds_support_qa_2024
            evaluators: [quality]
            replace_strategy: recreate
            workflow: [{ type: completion, config: { model: \(model) } }]
            gates: { quality: { \(gate) } }
        \(extra)
        """
    }

    static func applied(_ manifest: String) async throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        try directory.write("experiments.yaml", manifest)
        let result = try await CLI.run(
            ["apply", "--sandbox", "--auto-approve", "--wait"], in: directory.url)
        #expect(result.status == 0, "\(result.stderr)")
        return directory
    }

    @Test func aGateThatPassesExitsZero() async throws {
        let directory = try await Self.applied(Self.manifest())
        defer { directory.remove() }
        let result = try await CLI.run(["results", "--sandbox"], in: directory.url)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("answer (exp_"))
        #expect(result.stdout.contains("✔ answer · quality min_mean: mean 0.7549 ≥ 0.5"))
        #expect(result.stdout.contains("Gates: 1 passed, 0 failed, 0 skipped."))
    }

    @Test func aGateThatFailsExitsThreeNamingValueAndBound() async throws {
        let directory = try await Self.applied(Self.manifest(gate: "min_mean: 0.9"))
        defer { directory.remove() }
        let result = try await CLI.run(
            ["results", "--sandbox"], in: directory.url, environment: ["GITHUB_ACTIONS": "true"])
        #expect(result.status == 3)
        #expect(result.stdout.contains("✘ answer · quality min_mean: mean 0.7549 < 0.9"))
        #expect(
            result.stdout.contains(
                "::error file=experiments.yaml,line=10,col=14::gate failed: answer · quality min_mean"))
    }

    /// The baseline's run and the new one are paired by dataset row; the regression gate reads the pairs.
    @Test func aBaselineShowsARegressionOnPairedRows() async throws {
        let directory = try await Self.applied(Self.manifest(gate: "max_regression: 0.05"))
        defer { directory.remove() }
        try FileManager.default.copyItem(
            atPath: directory.path("experiments.lock"), toPath: directory.path("main.lock"))
        try directory.write("experiments.yaml", Self.manifest(model: "gpt-4o", gate: "max_regression: 0.05"))
        let applied = try await CLI.run(
            ["apply", "--sandbox", "--auto-approve", "--wait"], in: directory.url)
        #expect(applied.status == 0, "\(applied.stderr)")
        let result = try await CLI.run(
            ["results", "--sandbox", "--baseline", "main.lock", "--format", "json"], in: directory.url)
        #expect(result.status == 3, "\(result.stderr)")
        let document = try JSONValue(parsing: result.stdout)
        let comparison = try #require(
            document["experiments"]?.arrayValue?.first?["evaluators"]?.arrayValue?.first?["comparison"])
        #expect(comparison["pairs"] == 36)
        #expect(comparison["only_current"] == 0)
        #expect((comparison["delta"]?.numberValue?.doubleValue ?? 0) < -0.2)
        let gate = try #require(document["gates"]?.arrayValue?.first)
        #expect(gate["outcome"] == "failed")
        #expect(gate["reason"]?.stringValue?.contains("over 36 paired rows") == true)
        let text = try await CLI.run(["results", "--sandbox", "--baseline", "main.lock"], in: directory.url)
        #expect(text.stdout.contains("Compared with the runs recorded in main.lock."))
        #expect(text.stdout.contains("36 "))
    }

    @Test func aFailedRunFailsStatusAndItsGates() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("experiments.yaml", Self.manifest(model: "sandbox-fail"))
        let applied = try await CLI.run(
            ["apply", "--sandbox", "--auto-approve", "--wait"], in: directory.url)
        #expect(applied.status == 1)
        #expect(applied.stderr.contains("error: answer (exp_"))
        #expect(applied.stderr.contains("failed"))
        let result = try await CLI.run(["results", "--sandbox"], in: directory.url)
        #expect(result.status == 3)
        #expect(result.stdout.contains("the experiment failed"))
    }

    @Test func waitingPastTheTimeoutFailsNamingTheRun() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("experiments.yaml", Self.manifest())
        // Runs of ten minutes: the run is still under way however slow the machine is.
        let slowRuns = ["RESPAN_SANDBOX_RUN_SECONDS": "600"]
        _ = try await CLI.run(["apply", "--sandbox", "--auto-approve"], in: directory.url, environment: slowRuns)
        let result = try await CLI.run(
            ["status", "--sandbox", "--wait", "--timeout", "500ms"], in: directory.url, environment: slowRuns)
        #expect(result.status == 1)
        #expect(result.stderr.contains("error: timed out after 500 ms (--timeout) waiting for 1 run: answer (exp_"))
        let running = try await CLI.run(["results", "--sandbox"], in: directory.url, environment: slowRuns)
        #expect(running.status == 3)
        #expect(running.stdout.contains("not completed"))
    }

    @Test func junitIsXMLWithATestcasePerGate() async throws {
        let directory = try await Self.applied(Self.manifest(gate: "min_mean: 0.9, max_mean: 1"))
        defer { directory.remove() }
        let result = try await CLI.run(["results", "--sandbox", "--format", "junit"], in: directory.url)
        #expect(result.status == 3)
        let document = try XMLDocument(data: Data(result.stdout.utf8))
        let cases = try document.nodes(forXPath: "//testcase")
        #expect(cases.count == 2)
        let failures = try document.nodes(forXPath: "//testcase/failure")
        #expect(failures.count == 1)
        #expect((failures.first as? XMLElement)?.attribute(forName: "message")?.stringValue == "mean 0.7549 < 0.9")
    }

    @Test func markdownLeadsWithTheVerdict() async throws {
        let directory = try await Self.applied(Self.manifest(gate: "min_mean: 0.9"))
        defer { directory.remove() }
        let result = try await CLI.run(["results", "--sandbox", "--format", "markdown"], in: directory.url)
        #expect(result.status == 3)
        #expect(result.stdout.hasPrefix("### respan-plan results\n\n❌ **1 of 1 gates failed**"))
        #expect(result.stdout.contains("<details>"))
    }

    @Test(arguments: [
        (["--baseline", "nope.lock"], "the baseline lockfile 'nope.lock' does not exist"),
        (["--baseline-ref", "no-such-ref"], "is not inside a git repository; use --baseline LOCKFILE instead"),
        (["--baseline", "newer.lock"], "newer than this respan-plan reads"),
        (["--target", "answr"], "did you mean 'answer'?"),
    ])
    func badInputIsAClearError(_ arguments: [String], _ message: String) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("experiments.yaml", Self.manifest())
        try directory.write("newer.lock", #"{"format_version": 99, "experiments": {}}"#)
        let result = try await CLI.run(["results", "--sandbox"] + arguments, in: directory.url)
        #expect(result.status == 1)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test func anUnknownRefInARepositoryIsAnError() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("experiments.yaml", Self.manifest())
        let git = Process()
        git.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        git.arguments = ["git", "init", "-q", directory.url.path]
        try git.run()
        git.waitUntilExit()
        let result = try await CLI.run(["results", "--sandbox", "--baseline-ref", "no-such-ref"], in: directory.url)
        #expect(result.status == 1)
        #expect(result.stderr.contains("the git ref 'no-such-ref' is unknown here"))
    }

    @Test func aRunDeletedOnRespanIsAnError() async throws {
        let directory = try await Self.applied(Self.manifest())
        defer { directory.remove() }
        var lockfile = try LockfileStore(path: directory.path("experiments.lock")).load()
        let entry = try #require(lockfile.entries["answer"])
        lockfile.entries["answer"] = LockEntry(id: "exp_gone", state: .created, applied: entry.applied)
        try LockfileStore(path: directory.path("experiments.lock")).save(lockfile)
        let result = try await CLI.run(["results", "--sandbox"], in: directory.url)
        #expect(result.status == 1)
        #expect(result.stderr.contains("'answer' is recorded as exp_gone, which no longer exists on Respan"))
    }
}

/// Runs scored through an evaluator workflow keep their per-row scores in the traces'
/// `task_metrics` and span trees (respan-api.md §9): gates, baselines and repeats read them
/// as they read `scores`, through the embedded sandbox's 413 on pages of 100.
@Suite struct PipelineResultsCommandTests {
    static func manifest(model: String, repeats: Int = 1) -> String {
        """
        version: 1
        evaluators:
          pipeline: { workflow_version_id: wfv_quality_pipeline }
        experiments:
          answer:
            dataset_id: ds_support_qa_2024
            evaluators: [pipeline]
            replace_strategy: recreate
            repeats: \(repeats)
            workflow: [{ type: completion, config: { model: \(model) } }]
            gates: { pipeline: { min_mean: 0.3, max_regression: 0.05 } }
        """
    }

    @Test(arguments: [1, 2])
    func gatesAndABaselineReadPipelineScores(repeats: Int) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("experiments.yaml", Self.manifest(model: "gpt-4.1", repeats: repeats))
        let first = try await CLI.run(
            ["apply", "--sandbox", "--auto-approve", "--wait"], in: directory.url)
        #expect(first.status == 0, "\(first.stderr)")
        try FileManager.default.copyItem(
            atPath: directory.path("experiments.lock"), toPath: directory.path("main.lock"))
        try directory.write("experiments.yaml", Self.manifest(model: "gpt-4o", repeats: repeats))
        let second = try await CLI.run(
            ["apply", "--sandbox", "--auto-approve", "--wait"], in: directory.url)
        #expect(second.status == 0, "\(second.stderr)")
        let result = try await CLI.run(
            ["results", "--sandbox", "--baseline", "main.lock", "--format", "json"], in: directory.url)
        let document = try JSONValue(parsing: result.stdout)
        let gates = try #require(document["gates"]?.arrayValue)
        #expect(gates.count == 2, "\(result.stdout)")
        for gate in gates {
            #expect(gate["value"]?.numberValue != nil, "\(gate)")
            #expect(gate["reason"]?.stringValue?.contains("no scores") == false, "\(gate)")
        }
        let regression = try #require(gates.first { $0["condition"] == "max_regression" })
        #expect(regression["reason"]?.stringValue?.contains("over 36 paired rows") == true, "\(regression)")
        let text = try await CLI.run(["results", "--sandbox"], in: directory.url)
        #expect(text.stdout.contains("pipeline"), "\(text.stdout)")
        #expect(text.stdout.contains("completed · 36 traces"))
    }
}
