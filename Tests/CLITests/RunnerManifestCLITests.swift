import Foundation
import TestSupport
import Testing

/// A runner in the manifest (design §14): its input files enter the spec digest, so editing one
/// reruns exactly the experiments it feeds and the plan names the file; the rules between a
/// runner and a `wait` step are located errors and warnings.
@Suite struct RunnerManifestCLITests {
    static func experiment(_ key: String, inputs: String) -> String {
        """
          \(key):
            dataset_id: ds_support_qa_2024
            evaluators: [quality]
            workflow: [{ type: wait }]
            runner: { command: [python3, app/answer.py], inputs: [\(inputs)] }
        """
    }

    static let manifest =
        "version: 1\nevaluators: { quality: { id: eval_quality } }\nexperiments:\n"
        + experiment("rag", inputs: #""app/rag/*.py", app/answer.py"#) + "\n"
        + experiment("agent", inputs: #""app/agent/**/*.py", app/answer.py"#) + "\n"

    static func workspace() throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        try directory.write("experiments.yaml", manifest)
        try directory.write("app/answer.py", "print('{}')\n")
        try directory.write("app/rag/retrieve.py", "def retrieve():\n    return []\n")
        try directory.write("app/agent/tools/search.py", "def search():\n    return []\n")
        return directory
    }

    @Test func editingAnInputFileRerunsExactlyTheExperimentsItFeeds() async throws {
        try await withStarted({ try await SandboxHarness.start { $0.runSeconds = 0 } }) { sandbox in
            let directory = try Self.workspace()
            defer { directory.remove() }
            let environment = ["RESPAN_BASE_URL": sandbox.url, "RESPAN_API_KEY": sandbox.token]
            func run(_ arguments: [String]) async throws -> CLI.Result {
                try await CLI.run(arguments, in: directory.url, environment: environment)
            }
            #expect(try await run(["apply", "--auto-approve"]).status == 0)
            // The same content with CRLF line endings is the same input.
            try directory.write("app/rag/retrieve.py", "def retrieve():\r\n    return []\r\n")
            let same = try await run(["plan", "--detailed-exitcode"])
            #expect(same.status == 0, "\(same.stdout)\(same.stderr)")
            try directory.write("app/rag/retrieve.py", "def retrieve():\n    return ['doc']\n")
            let plan = try await run(["plan", "--detailed-exitcode"])
            #expect(plan.status == 2)
            #expect(plan.stdout.contains("# rag will be created anew"), "\(plan.stdout)")
            #expect(plan.stdout.contains("app/rag/retrieve.py changed"), "\(plan.stdout)")
            #expect(!plan.stdout.contains("# agent"), "\(plan.stdout)")
            try directory.write("app/answer.py", "print('{\"v\": 2}')\n")
            let both = try await run(["plan"])
            #expect(
                both.stdout.contains(
                    "# agent will be created anew; the old run is kept as history (app/answer.py changed)"),
                "\(both.stdout)")
            #expect(both.stdout.contains("app/answer.py changed; app/rag/retrieve.py changed"), "\(both.stdout)")
        }
    }

    @Test func aRunnerWithoutAWaitStepAndAGlobThatMatchesNothingAreLocatedErrors() async throws {
        let directory = try Self.workspace()
        defer { directory.remove() }
        let broken = Self.manifest.replacingOccurrences(of: "app/rag/*.py", with: "app/rgx/*.py")
            .replacingOccurrences(
                of:
                    "    workflow: [{ type: wait }]\n    runner: { command: [python3, app/answer.py], inputs: [\"app/agent",
                with:
                    "    workflow: [{ type: completion, config: { model: gpt-4o } }]\n    runner: { command: [python3, app/answer.py], inputs: [\"app/agent"
            )
        try directory.write("experiments.yaml", broken)
        let result = try await CLI.run(["validate"], in: directory.url)
        #expect(result.status == 1)
        #expect(result.stderr.contains("experiments.yaml:8:"), "\(result.stderr)")
        #expect(result.stderr.contains("input 'app/rgx/*.py' matches no file"), "\(result.stderr)")
        #expect(
            result.stderr.contains("experiment 'agent' has a runner but its workflow has no wait step"),
            "\(result.stderr)")
    }

    @Test func aWaitStepWithoutARunnerIsWarnedAboutAtPlan() async throws {
        try await withStarted({ try await SandboxHarness.start { $0.runSeconds = 0 } }) { sandbox in
            let directory = try Self.workspace()
            defer { directory.remove() }
            try directory.write(
                "experiments.yaml",
                "version: 1\nevaluators: { quality: { id: eval_quality } }\nexperiments:\n"
                    + "  manual: { dataset_id: ds_support_qa_2024, evaluators: [quality], workflow: [{ type: wait }] }\n"
            )
            let environment = ["RESPAN_BASE_URL": sandbox.url, "RESPAN_API_KEY": sandbox.token]
            let plan = try await CLI.run(["plan"], in: directory.url, environment: environment)
            let submit = try await CLI.run(["submit"], in: directory.url, environment: environment)
            #expect(submit.status == 0 && submit.stderr.contains("Nothing to submit"), "\(submit.stderr)")
            #expect(plan.status == 0, "\(plan.stderr)")
            #expect(
                plan.stderr.contains(
                    "warning: experiment 'manual' has a wait step and no runner: nobody will answer these rows"),
                "\(plan.stderr)")
        }
    }
}
