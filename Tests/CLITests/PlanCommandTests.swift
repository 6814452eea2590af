import Applying
import Foundation
import Lockfiles
import Planning
import RespanCore
import TestSupport
import Testing
import Views

/// What `plan` must never get wrong, through the built binary.
@Suite struct PlanCommandTests {
    static let sweep = """
        version: 1
        experiments:
          compare:
            matrix: { model: [gpt-4o-mini, gpt-4o] }
            dataset_id: ds_support_qa_2024
            evaluator_ids: [eval_quality]
            workflow: [{ type: completion, config: { model: "${{ matrix.model }}" } }]
          single:
            dataset_id: ds_support_qa_2024
            evaluator_ids: [eval_quality]
            protect: true
            workflow: [{ type: completion, config: { model: gpt-4o } }]
        """

    static func folder(_ manifest: String = sweep) throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        try directory.write("experiments.yaml", manifest)
        return directory
    }

    /// The plan's first line says where it is made: the embedded sandbox or the URL, and the
    /// state (the default one or a workspace) with its lockfile; `--format json` carries it.
    @Test func thePlanHeaderNamesTheEndpointAndTheWorkspace() async throws {
        let directory = try Self.folder()
        defer { directory.remove() }
        let local = try await CLI.run(["plan", "--sandbox"], in: directory.url)
        #expect(local.status == 0, "\(local.stderr)")
        #expect(
            local.stdout.hasPrefix("Endpoint: the embedded sandbox · the default state (experiments.lock)\n"),
            "\(local.stdout)")
        let markdown = try await CLI.run(["plan", "--sandbox", "--format", "markdown"], in: directory.url)
        #expect(
            markdown.stdout.hasPrefix(
                "### respan-plan\n\n**Endpoint:** the embedded sandbox · the default state (experiments.lock)\n\n"),
            "\(markdown.stdout)")
        #expect(markdown.stdout.components(separatedBy: "Endpoint:").count == 2)
        try await withStarted({ try await SandboxHarness.start() }) { sandbox in
            let env = ["RESPAN_API_KEY": sandbox.token, "RESPAN_BASE_URL": sandbox.url]
            let remote = try await CLI.run(["plan", "--workspace", "pr-7"], in: directory.url, environment: env)
            #expect(remote.status == 0, "\(remote.stderr)")
            #expect(
                remote.stdout.hasPrefix("Endpoint: \(sandbox.url) · workspace pr-7 (experiments.pr-7.lock)\n"),
                "\(remote.stdout)")
            let json = try await CLI.run(["plan", "--format", "json"], in: directory.url, environment: env)
            let destination = try JSONValue(parsing: json.stdout)["destination"]
            #expect(destination?["endpoint"] == .string(sandbox.url) && destination?["sandbox"] == false)
        }
    }

    /// A pattern that matches no key is an error with a suggestion, never "No changes.".
    @Test(arguments: ["--target", "--exclude", "--replace"])
    func aPatternThatMatchesNothingIsAnError(_ flag: String) async throws {
        let directory = try Self.folder()
        defer { directory.remove() }
        let result = try await CLI.run(["plan", "--sandbox", flag, "compre"], in: directory.url)
        #expect(result.status == 1)
        #expect(result.stderr.contains("\(flag) 'compre' matches no experiment key"))
        #expect(result.stderr.contains("did you mean 'compare'?"))
        #expect(!result.stdout.contains("No changes"))
    }

    /// status and results give the same message for the same mistake as plan.
    @Test(arguments: ["status", "results"])
    func everyCommandSaysTheSameOfAPatternThatMatchesNothing(_ command: String) async throws {
        let directory = try Self.folder()
        defer { directory.remove() }
        let result = try await CLI.run([command, "--sandbox", "--exclude", "compre"], in: directory.url)
        #expect(result.status == 1)
        #expect(result.stderr.contains("--exclude 'compre' matches no experiment key; did you mean 'compare'?"))
    }

    @Test func aMatrixBaseNameSelectsEveryExpansion() async throws {
        let directory = try Self.folder()
        defer { directory.remove() }
        let result = try await CLI.run(["plan", "--sandbox", "--target", "compare"], in: directory.url)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("+ compare[model=gpt-4o]"))
        #expect(result.stdout.contains("+ compare[model=gpt-4o-mini]"))
        #expect(!result.stdout.contains("+ single"))
        #expect(result.stdout.contains("Plan: 2 to create"))
    }

    /// Removing a protected experiment from the manifest does not remove its protection.
    @Test func pruneOfAnExperimentProtectedWhenAppliedNeedsAllowDestroy() async throws {
        let directory = try Self.folder()
        defer { directory.remove() }
        let applied = try await CLI.run(["apply", "--sandbox", "--auto-approve"], in: directory.url)
        #expect(applied.status == 0, "\(applied.stderr)")
        try directory.write("experiments.yaml", Self.sweep.replacingOccurrences(of: "  single:", with: "  x-single:"))
        let refused = try await CLI.run(["apply", "--sandbox", "--auto-approve", "--prune"], in: directory.url)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("'single'"))
        #expect(refused.stderr.contains("is protected (recorded in the lockfile"))
        #expect(refused.stderr.contains("--allow-destroy"))
        #expect(try LockfileStore(path: directory.path("experiments.lock")).load().entries["single"] != nil)
        let allowed = try await CLI.run(
            ["apply", "--sandbox", "--auto-approve", "--prune", "--allow-destroy"], in: directory.url)
        #expect(allowed.status == 0, "\(allowed.stderr)")
        #expect(allowed.stdout.contains("1 deleted"))
    }

    /// An empty lockfile still checks the key: a wrong one fails the plan with the server's
    /// message, naming where the key came from (the variable or the file) and the endpoint,
    /// never the key.
    @Test func aWrongKeyFailsThePlan() async throws {
        try await withStarted({ try await SandboxHarness.start() }) { sandbox in
            let directory = try Self.folder()
            defer { directory.remove() }
            let env = ["RESPAN_API_KEY": "wrong-key", "RESPAN_BASE_URL": sandbox.url]
            let result = try await CLI.run(["plan", "--detailed-exitcode"], in: directory.url, environment: env)
            #expect(result.status == 1)
            #expect(
                result.stderr.contains(
                    "HTTP 401: Invalid API key. (the API key from $RESPAN_API_KEY was refused by \(sandbox.url))"),
                "\(result.stderr)")
            #expect(!result.stdout.contains("Plan:"))
            try directory.write("key.txt", "wrong-key-in-a-file\n")
            let fromFile = try await CLI.run(
                ["plan", "--api-key-file", "key.txt"], in: directory.url, environment: ["RESPAN_BASE_URL": sandbox.url])
            #expect(fromFile.status == 1)
            #expect(
                fromFile.stderr.contains(
                    "the API key from the file 'key.txt' (--api-key-file) was refused by \(sandbox.url)"),
                "\(fromFile.stderr)")
            #expect(!(result.stderr + fromFile.stderr + fromFile.stdout).contains("wrong-key"))
            let skipped = try await CLI.run(["plan", "--refresh=false"], in: directory.url, environment: env)
            #expect(skipped.status == 0, "\(skipped.stderr)")
            #expect(skipped.stdout.contains("Plan: 3 to create"))
        }
    }

    @Test func aMissingEvaluatorFailsThePlan() async throws {
        let directory = try Self.folder(Self.sweep.replacingOccurrences(of: "[eval_quality]", with: "[eval_qualty]"))
        defer { directory.remove() }
        let result = try await CLI.run(["plan", "--sandbox", "--detailed-exitcode"], in: directory.url)
        #expect(result.status == 1)
        #expect(result.stderr.contains("evaluator 'eval_qualty' does not exist on Respan"))
    }

    /// A dead endpoint fails (exit 1), never a plan with changes (exit 2).
    @Test func aDeadEndpointFailsThePlan() async throws {
        let directory = try Self.folder()
        defer { directory.remove() }
        let env = ["RESPAN_API_KEY": "k", "RESPAN_BASE_URL": "http://127.0.0.1:9"]
        let result = try await CLI.run(
            ["plan", "--detailed-exitcode", "--timeout", "30"], in: directory.url, environment: env)
        #expect(result.status == 1)
        #expect(result.stderr.contains("error: "))
        #expect(result.stderr.contains("refused the connection"))
    }

    /// `--timeout` bounds the whole command, whatever the server does: a server that answers
    /// after two minutes, a command that ends well within one however slow the machine.
    @Test func timeoutBoundsTheWholeCommand() async throws {
        try await withStarted({ try await SandboxHarness.start { $0.latency = .seconds(120) } }) { sandbox in
            let directory = try Self.folder()
            defer { directory.remove() }
            let started = ContinuousClock.now
            let result = try await CLI.run(
                ["plan", "--timeout", "1"], in: directory.url,
                environment: ["RESPAN_API_KEY": sandbox.token, "RESPAN_BASE_URL": sandbox.url])
            #expect(ContinuousClock.now - started < .seconds(60))
            #expect(result.status == 1)
            #expect(result.stderr.contains("gave up after 1 s (--timeout)"))
        }
    }

    @Test(arguments: [["--timeout", "soon"], ["--timeout", "0"], ["--rate-limit", "0"], ["--parallelism", "0"]])
    func badNumbersAreUsageErrors(_ arguments: [String]) async throws {
        let command = arguments[0] == "--parallelism" ? "apply" : "plan"
        let result = try await CLI.run([command, "--sandbox"] + arguments, in: FileManager.default.temporaryDirectory)
        #expect(result.status == 1)
        #expect(result.stderr.contains("error: "))
        #expect(!result.crashed)
    }

    /// Colour on a terminal (forced here with CLICOLOR_FORCE=1), never with NO_COLOR set.
    @Test func colourFollowsTheTerminalAndNoColor() async throws {
        let directory = try Self.folder()
        defer { directory.remove() }
        let forced = try await CLI.run(
            ["plan", "--sandbox"], in: directory.url, environment: ["CLICOLOR_FORCE": "1", "NO_COLOR": ""])
        #expect(forced.stdout.contains("\u{1B}[32m+"))
        let refused = try await CLI.run(
            ["plan", "--sandbox"], in: directory.url, environment: ["CLICOLOR_FORCE": "1", "NO_COLOR": "1"])
        #expect(!refused.stdout.contains("\u{1B}["))
        #expect(!(try await CLI.run(["plan", "--sandbox"], in: directory.url)).stdout.contains("\u{1B}["))
    }
}
