import Foundation
import RespanCore
import Sandbox
import TestSupport
import Testing

/// `wait` experiments answered by a local command (design §14), through the built CLI against
/// an in-process sandbox: outputs on the remote are exactly what the command printed, a failing
/// row is an errored row, every row is submitted once, and a second apply submits nothing.
@Suite struct RunnerCLITests {
    /// Echoes each row; fails on "export", hangs on "cancel", prints a secret on "rotate".
    static let answer = """
        import json, os, sys, time
        row = json.load(sys.stdin)
        text = json.dumps(row)
        if "export" in text:
            sys.stderr.write("cannot export this row\\n")
            sys.exit(3)
        if "cancel" in text:
            time.sleep(30)
        leak = os.environ.get("LEAKY", "") if "rotate" in text else ""
        print(json.dumps({"answer": "echo " + text, "key": os.environ.get("RESPAN_API_KEY", ""), "leak": leak}))
        """

    static let manifest = """
        version: 1
        evaluators: { quality: { id: eval_quality } }
        experiments:
          rag:
            dataset_id: ds_support_qa_2024
            evaluators: [quality]
            workflow: [{ type: wait }]
            runner:
              command: [python3, app/answer.py]
              inputs: ["app/**/*.py"]
              concurrency: 4
              timeout: 8s
              env: [LEAKY]
        """

    /// A workspace with the manifest and the command, and a sandbox whose requests are logged.
    static func withRunner(
        pendingWord: String = "pending", _ body: (SandboxHarness, TemporaryDirectory, RequestLog) async throws -> Void
    ) async throws {
        let log = RequestLog()
        try await withStarted({
            try await SandboxHarness.start {
                $0.runSeconds = 0.3
                $0.requestLog = log
                $0.behaviour.pendingTraceStatus = pendingWord
            }
        }) { sandbox in
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            try directory.write("experiments.yaml", manifest)
            try directory.write("app/answer.py", answer)
            try await body(sandbox, directory, log)
        }
    }

    static func run(
        _ arguments: [String], _ sandbox: SandboxHarness, _ directory: TemporaryDirectory
    ) async throws
        -> CLI.Result
    {
        // The system's python3 before a version manager's shim, which costs a second a row.
        let path = "/usr/bin:/bin:" + (ProcessInfo.processInfo.environment["PATH"] ?? "")
        let environment = [
            "RESPAN_BASE_URL": sandbox.url, "RESPAN_API_KEY": sandbox.token, "LEAKY": sandbox.token, "PATH": path,
        ]
        // Respan's documented 60 requests a minute would make this a minute a run.
        return try await CLI.run(
            arguments + ["--rate-limit", "1000/s"], in: directory.url, environment: environment)
    }

    static func traces(_ sandbox: SandboxHarness, _ directory: TemporaryDirectory) async throws -> [JSONValue] {
        let lock = try JSONValue(parsing: String(contentsOfFile: directory.path("experiments.lock"), encoding: .utf8))
        let id = try #require(lock["experiments"]?["rag"]?["id"]?.stringValue)
        let page = try await sandbox.raw("POST", "/api/v2/experiments/\(id)/logs/list/?page_size=50", body: "{}")
        return page.json?["results"]?.arrayValue ?? []
    }

    @Test(arguments: ["pending", "success"])
    func applyWaitSubmitsWhatTheCommandPrintedOnceAndFailingRowsAsErrors(_ pendingWord: String) async throws {
        try await Self.withRunner(pendingWord: pendingWord) { sandbox, directory, log in
            let applied = try await Self.run(
                ["apply", "--auto-approve", "--wait", "--timeout", "120s"], sandbox, directory)
            #expect(applied.status == 1, "\(applied.stdout)\(applied.stderr)")
            #expect(applied.stdout.contains("36 rows submitted, 6 errored, 0 already submitted; run completed."))
            #expect(applied.stdout.contains("exited with status 3"), "\(applied.stdout)")
            #expect(applied.stdout.contains("timed out after 8 s"), "\(applied.stdout)")
            #expect(log.requests.count { $0.hasPrefix("PATCH") && $0.contains("/logs/") } == 36)
            let traces = try await Self.traces(sandbox, directory)
            #expect(traces.count == 36)
            for trace in traces {
                let input = try #require(trace["input"]?.stringValue)
                let output = trace["output"]
                if input.contains("export") {
                    #expect(output == ["error": "exited with status 3"])
                } else if input.contains("cancel") {
                    #expect(output == ["error": "timed out after 8 s"])
                } else {
                    let leak: JSONValue = input.contains("rotate") ? "[redacted]" : ""
                    let echo = JSONValue.string("echo " + JSONValue.string(input).serialized())
                    #expect(output == ["answer": echo, "key": "", "leak": leak], "\(input)")
                }
            }
            let results = try await Self.run(["results"], sandbox, directory)
            #expect(results.stdout.contains("36 traces (6 errored, not scored)"), "\(results.stdout)")
            log.clear()
            let again = try await Self.run(["apply", "--auto-approve", "--wait"], sandbox, directory)
            #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
            #expect(again.stdout.contains("0 rows submitted, 0 errored, 36 already submitted"), "\(again.stdout)")
            #expect(!log.requests.contains { $0.hasPrefix("PATCH") })
        }
    }

    @Test func aCommandThatIsNotFoundSubmitsNothing() async throws {
        try await Self.withRunner { sandbox, directory, log in
            try directory.write(
                "experiments.yaml", Self.manifest.replacingOccurrences(of: "python3, app", with: "no-such-program, app")
            )
            let applied = try await Self.run(["apply", "--auto-approve", "--wait"], sandbox, directory)
            #expect(applied.status == 1)
            #expect(applied.stderr.contains("error: the runner's command 'no-such-program' is not found"))
            #expect(!log.requests.contains { $0.hasPrefix("PATCH") })
        }
    }

    @Test func submitAnswersPendingRunsWithoutPlanning() async throws {
        try await Self.withRunner { sandbox, directory, log in
            #expect(try await Self.run(["apply", "--auto-approve"], sandbox, directory).status == 0)
            // Unanswered, the run does not complete once all its traces exist.
            var traces: [JSONValue] = []
            for _ in 0..<1000 where traces.count < 36 { traces = try await Self.traces(sandbox, directory) }
            #expect(traces.count == 36)
            let waiting = try await Self.run(["status"], sandbox, directory)
            #expect(waiting.stdout.contains("running") && !waiting.stdout.contains("completed"), "\(waiting.stdout)")
            log.clear()
            let submitted = try await Self.run(["submit", "--target", "rag"], sandbox, directory)
            #expect(submitted.status == 1, "\(submitted.stdout)\(submitted.stderr)")
            #expect(submitted.stdout.contains("rag (exp_"))
            #expect(submitted.stdout.contains("36 rows submitted, 6 errored"), "\(submitted.stdout)")
            #expect(!log.requests.contains { $0.hasPrefix("POST /api/v2/experiments/") && !$0.contains("/logs/") })
            #expect(try await Self.run(["status"], sandbox, directory).stdout.contains("completed"))
        }
    }

    @Test func theSandboxHelpSaysWaitTracesAwaitTheirOutputs() async throws {
        let help = try await CLI.run(["sandbox", "--help"]).stdout.replacingOccurrences(of: "\n", with: " ")
            .split(separator: " ").joined(separator: " ")
        #expect(help.contains("keeps each trace pending, with no output and no scores, until its output is submitted"))
        #expect(help.contains("--pending-trace-status success plays Respan reporting such a trace as success"))
    }
}
