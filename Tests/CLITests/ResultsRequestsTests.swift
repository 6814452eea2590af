import Foundation
import RespanCore
import Sandbox
import TestSupport
import Testing

/// What `results` asks of Respan against a baseline, counted by an in-process sandbox: a run
/// both sides share costs no trace page (its regression is zero by construction) and at most
/// one summary; the table lists only the experiments whose run changed.
@Suite struct ResultsRequestsTests {
    /// A folder and a sandbox whose requests are logged; `run` runs the CLI there against it.
    static func withLoggedSandbox(
        _ body: (RequestLog, TemporaryDirectory, ([String]) async throws -> CLI.Result) async throws -> Void
    ) async throws {
        let log = RequestLog()
        let configure: (inout SandboxConfiguration) -> Void = {
            $0.runSeconds = 0.2
            $0.requestLog = log
        }
        try await withStarted({ try await SandboxHarness.start(configure) }) { sandbox in
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            let environment = ["RESPAN_BASE_URL": sandbox.url, "RESPAN_API_KEY": sandbox.token]
            try await body(log, directory) { arguments in
                try await CLI.run(arguments, in: directory.url, environment: environment)
            }
        }
    }

    static func manifest(threeModel: String) -> String {
        """
        version: 1
        evaluators:
          quality: { id: eval_quality }
        defaults:
          dataset_id: ds_support_qa_2024
          evaluators: [quality]
        experiments:
          one:
            workflow: [{ type: completion, config: { model: gpt-4o-mini } }]
            gates: { quality: { min_mean: 0.1, max_regression: 0.5 } }
          two:
            workflow: [{ type: completion, config: { model: gpt-4o } }]
            gates: { quality: { max_regression: 0.5 } }
          three:
            workflow: [{ type: completion, config: { model: \(threeModel) } }]
            gates: { quality: { max_regression: 0.5 } }
        """
    }

    @Test func aSharedRunCostsNoTracePageAndIsCountedNotListed() async throws {
        try await Self.withLoggedSandbox { log, directory, run in
            try directory.write("experiments.yaml", Self.manifest(threeModel: "gpt-4.1"))
            #expect(try await run(["apply", "--auto-approve", "--wait"]).status == 0)
            try FileManager.default.copyItem(
                atPath: directory.path("experiments.lock"), toPath: directory.path("main.lock"))
            try directory.write("experiments.yaml", Self.manifest(threeModel: "gpt-4.1-mini"))
            #expect(try await run(["apply", "--auto-approve", "--wait"]).status == 0)
            let lock = try JSONValue(
                parsing: String(contentsOfFile: directory.path("experiments.lock"), encoding: .utf8))
            func id(_ key: String) -> String { lock["experiments"]?[key]?["id"]?.stringValue ?? "?" }
            log.clear()
            let text = try await run(["results", "--baseline", "main.lock"])
            #expect(text.status == 0, "\(text.stdout)\(text.stderr)")
            let requests = log.requests
            for shared in ["one", "two"] {
                #expect(!requests.contains { $0.contains(id(shared)) && $0.contains("/logs/list/") }, "\(requests)")
            }
            #expect(requests.count { $0.contains(id("one")) && $0.contains("/logs/summary/") } == 1)
            #expect(!requests.contains { $0.contains(id("two")) && $0.contains("/logs/summary/") }, "\(requests)")
            #expect(requests.contains { $0.contains(id("three")) && $0.contains("/logs/list/") })
            #expect(text.stdout.contains("2 unchanged, same runs as main.lock"), "\(text.stdout)")
            #expect(!text.stdout.contains("one (exp_"))
            #expect(text.stdout.contains("three (exp_"))
            #expect(
                text.stdout.contains(
                    "✔ one · quality max_regression: the same run as the baseline: regression 0 by construction"))
            #expect(text.stdout.contains("✔ one · quality min_mean: mean 0."), "\(text.stdout)")
            let markdown = try await run(["results", "--baseline", "main.lock", "--format", "markdown"])
            #expect(markdown.stdout.contains("2 unchanged, same runs as `main.lock`"), "\(markdown.stdout)")
            #expect(!markdown.stdout.contains("| `one` |"))
            #expect(markdown.stdout.contains("| `three` |"))
        }
    }

    /// A second `results` reads the completed runs' traces from `.respan/cache/` (one summary a
    /// run, no trace page) and says the same; a cache file whose scores were altered, or one
    /// that is not JSON, disagrees with the summary or cannot be read, and is read again.
    @Test func aSecondResultsReadsNoTracePageAndAnAlteredCacheIsNotBelieved() async throws {
        try await Self.withLoggedSandbox { log, directory, run in
            try directory.write("experiments.yaml", Self.manifest(threeModel: "gpt-4.1"))
            #expect(try await run(["apply", "--auto-approve", "--wait"]).status == 0)
            log.clear()
            let first = try await run(["results"])
            func listed() -> Set<String> {
                Set(
                    log.requests.filter { $0.contains("/logs/list/") }.compactMap {
                        $0.firstMatch(of: #/exp_[0-9a-f]+/#)
                    }.map { String($0.output) })
            }
            #expect(listed().count == 3, "\(log.requests)")
            // The sandbox's 413 on pages of 100 is met once: the other runs read at the size it led to.
            #expect(log.requests.count { $0.contains("/logs/list/") } == 4, "\(log.requests)")
            let folder = directory.path(".respan/cache/traces")
            let endpoint = try #require(try FileManager.default.contentsOfDirectory(atPath: folder).first)
            let files = try FileManager.default.contentsOfDirectory(atPath: folder + "/" + endpoint)
            #expect(files.count == 3)
            log.clear()
            let second = try await run(["results"])
            #expect(!log.requests.contains { $0.contains("/logs/list/") }, "\(log.requests)")
            #expect(log.requests.count { $0.contains("/logs/summary/") } == 3)
            #expect(second.stdout == first.stdout)

            // Every score of one run raised to 0.999: the count agrees, the mean does not.
            let forged = folder + "/" + endpoint + "/" + files.sorted()[0]
            let text = try String(contentsOfFile: forged, encoding: .utf8)
            let raised = text.replacing(#/"numerical_value":[0-9.]+/#) { _ in #""numerical_value":0.999"# }
            #expect(raised != text)
            try raised.write(toFile: forged, atomically: true, encoding: .utf8)
            try "not json".write(
                toFile: folder + "/" + endpoint + "/" + files.sorted()[1], atomically: true, encoding: .utf8)
            log.clear()
            let third = try await run(["results"])
            let altered = Set(files.sorted().prefix(2).map { String($0.dropLast(".json".count)) })
            #expect(listed() == altered, "\(log.requests)")
            #expect(third.stdout == first.stdout)
            log.clear()
            _ = try await run(["results", "--no-cache"])
            #expect(listed().count == 3)
        }
    }
}
