import Foundation
import RespanCore
import Sandbox
import TestSupport
import Testing

/// The `http:` form of a runner (design §14): each row's input is POSTed to a local service and
/// its JSON answer is the row's output; an error answer is an errored row; a service that is not
/// running fails the apply before any row is submitted; moving the service to another port
/// reruns nothing, since only its route is part of the run's spec.
@Suite struct RunnerHTTPCLITests {
    static func manifest(_ url: String) -> String {
        """
        version: 1
        datasets: { qa: { file: qa.jsonl } }
        evaluators: { quality: { id: eval_quality } }
        experiments:
          app:
            dataset: qa
            evaluators: [quality]
            workflow: [{ type: wait }]
            runner:
              http: { url: "\(url)", headers: { X-Suite: demo, Authorization: "Bearer ${APP_TOKEN}" } }
              concurrency: 2
              timeout: 10s
        """
    }

    static let rows = """
        {"input": {"question": "How do I rotate a key?"}}
        {"input": {"question": "Please fail this one"}}
        {"input": {"question": "How do I export data?"}}
        """

    @Test func eachRowIsPostedAndItsAnswerSubmittedOnce() async throws {
        let service = try await RowService.start()
        try await withStarted({ try await SandboxHarness.start { $0.runSeconds = 0.3 } }) { sandbox in
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            try directory.write("experiments.yaml", Self.manifest(service.url))
            try directory.write("qa.jsonl", Self.rows)
            // The header's ${APP_TOKEN} is read when rows are answered: validate needs no secret.
            #expect(try await CLI.run(["validate"], in: directory.url).status == 0)
            let environment = ["RESPAN_BASE_URL": sandbox.url, "RESPAN_API_KEY": sandbox.token, "APP_TOKEN": "t0k"]
            func run(_ arguments: [String]) async throws -> CLI.Result {
                try await CLI.run(
                    arguments + ["--rate-limit", "1000/s"], in: directory.url, environment: environment)
            }
            let apply = try await run(["apply", "--auto-approve", "--wait"])
            // An errored row fails the apply (exit 1), as with a command, and is submitted as such.
            #expect(apply.status == 1, "\(apply.stdout)\(apply.stderr)")
            #expect(apply.stdout.contains("3 rows submitted, 1 errored"))
            #expect(service.received.count == 3, "\(service.received)")
            #expect(service.received.contains(#"{"question":"How do I rotate a key?"}"#))
            // ${APP_TOKEN} in a header is filled from the environment when rows are answered.
            #expect(Set(service.authorizations) == ["Bearer t0k"], "\(service.authorizations)")
            let lock = try JSONValue(
                parsing: String(contentsOfFile: directory.path("experiments.lock"), encoding: .utf8))
            let id = try #require(lock["experiments"]?["app"]?["id"]?.stringValue)
            let page = try await sandbox.raw("POST", "/api/v2/experiments/\(id)/logs/list/", body: "{}")
            let outputs = (page.json?["results"]?.arrayValue ?? []).compactMap { $0["output"] }
            #expect(outputs.contains(["answer": ["question": "How do I export data?"]]), "\(outputs)")
            let failed = outputs.first { $0["error"] != nil }
            #expect(failed?["error"]?.stringValue?.contains("the service answered HTTP 500") == true, "\(outputs)")
            let again = try await run(["apply", "--auto-approve", "--wait"])
            #expect(again.status == 0)
            #expect(service.received.count == 3, "a second apply submits nothing")

            // The same route on another port: the same spec, nothing to do.
            let moved = service.url.replacingOccurrences(of: "127.0.0.1", with: "localhost")
            try directory.write("experiments.yaml", Self.manifest(moved))
            let plan = try await run(["plan", "--detailed-exitcode"])
            #expect(plan.status == 0, "\(plan.stdout)")
            await service.stop()

            // A service that does not answer: the apply fails before it changes anything.
            try directory.write(
                "experiments.yaml", Self.manifest(service.url.replacingOccurrences(of: "/answer", with: "/v2")))
            let down = try await run(["apply", "--auto-approve", "--wait"])
            #expect(down.status == 1, "\(down.stdout)\(down.stderr)")
            #expect(down.stderr.contains("the runner's service at http://127.0.0.1:"), "\(down.stderr)")
            #expect(down.stderr.contains("does not answer"))
            #expect(!down.stderr.contains("--endpoint"), "the advice is about the service, not Respan")
            #expect(!down.stdout.contains("created"), "\(down.stdout)")
        }
    }

    @Test func aRunnerTakesACommandOrAServiceNotBoth() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write(
            "experiments.yaml",
            Self.manifest("ftp://example.com/x").replacingOccurrences(
                of: "      concurrency: 2", with: "      command: [python3, app.py]\n      concurrency: 2"))
        try directory.write("qa.jsonl", Self.rows)
        let both = try await CLI.run(["validate"], in: directory.url)
        #expect(both.status == 1)
        #expect(
            both.stderr.contains("give the runner 'command' (a program run once a row) or 'http'"), "\(both.stderr)")
        try directory.write("experiments.yaml", Self.manifest("ftp://example.com/x"))
        let scheme = try await CLI.run(["validate"], in: directory.url)
        #expect(scheme.stderr.contains("'http' is the URL each row is POSTed to"), "\(scheme.stderr)")
    }
}
