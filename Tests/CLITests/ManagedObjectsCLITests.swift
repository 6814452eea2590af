import Foundation
import TestSupport
import Testing

/// Managed datasets and evaluators through the built binary.
@Suite struct ManagedObjectsCLITests {
    static let manifest = """
        version: 1
        project: cli
        datasets:
          qa: { file: data/qa.jsonl }
        evaluators:
          tone:
            type: llm
            score_value_type: numerical
            llm_config: { model: gpt-4o-mini, evaluator_definition: "Rate the tone of {{output}}." }
            score_config: { min_score: 1, max_score: 5 }
        experiments:
          qa-tone:
            dataset: qa
            evaluators: [tone]
            workflow: [{ type: completion, config: { model: gpt-4o-mini } }]
            gates: { tone: { min_mean: 1 } }
        """

    static func rows(_ count: Int) -> String {
        (1...count).map { #"{"input": "question \#($0)", "expected_output": "answer \#($0)"}"# }.joined(separator: "\n")
    }

    @Test func appliesFromScratchThenAnAddedRowIsPlannedWithItsReason() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("experiments.yaml", Self.manifest)
        try directory.write("data/qa.jsonl", Self.rows(3))
        let apply = try await CLI.run(["apply", "--sandbox", "--auto-approve", "--wait"], in: directory.url)
        #expect(apply.status == 0, "\(apply.stdout)\(apply.stderr)")
        #expect(apply.stdout.contains("+ dataset qa: 3 rows from data/qa.jsonl"))
        let results = try await CLI.run(["results", "--sandbox"], in: directory.url)
        #expect(results.status == 0, "\(results.stdout)\(results.stderr)")
        #expect(results.stdout.contains("3 traces"))
        try directory.write("data/qa.jsonl", Self.rows(4))
        let plan = try await CLI.run(["plan", "--sandbox", "--detailed-exitcode"], in: directory.url)
        #expect(plan.status == 2, "\(plan.stderr)")
        #expect(
            plan.stdout.contains(
                "qa-tone will be created anew; the old run is kept as history (dataset qa changed: 1 row added)"))
        #expect(plan.stdout.contains("1 dataset to upload"))
    }

    /// A saved plan carries its uploads and evaluator changes: `apply plan.json` makes the dataset
    /// and the evaluator, runs the experiment on them, and leaves nothing to do; a later row
    /// added after `plan --out` makes that plan stale before anything is sent.
    @Test func aSavedPlanUploadsItsDatasetAndRefusesOneWhoseFileChanged() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("experiments.yaml", Self.manifest)
        try directory.write("data/qa.jsonl", Self.rows(3))
        let saved = try await CLI.run(["plan", "--sandbox", "--out", "plan.json"], in: directory.url)
        #expect(saved.status == 0, "\(saved.stderr)")
        let apply = try await CLI.run(["apply", "--sandbox", "--auto-approve", "plan.json"], in: directory.url)
        #expect(apply.status == 0, "\(apply.stdout)\(apply.stderr)")
        #expect(apply.stdout.contains("Apply complete: 1 created"), "\(apply.stdout)")
        let lock = try String(contentsOfFile: directory.path("experiments.lock"), encoding: .utf8)
        #expect(lock.contains("\"state\": \"complete\"") && lock.contains("\"evaluators\""))
        #expect(try await CLI.run(["plan", "--sandbox", "--detailed-exitcode"], in: directory.url).status == 0)

        try directory.write("data/qa.jsonl", Self.rows(4))
        #expect(try await CLI.run(["plan", "--sandbox", "--out", "plan.json"], in: directory.url).status == 0)
        try directory.write("data/qa.jsonl", Self.rows(5))
        let stale = try await CLI.run(["apply", "--sandbox", "--auto-approve", "plan.json"], in: directory.url)
        #expect(stale.status == 1)
        #expect(stale.stderr.contains("is stale: the dataset file 'data/qa.jsonl' changed"), "\(stale.stderr)")
        #expect(try String(contentsOfFile: directory.path("experiments.lock"), encoding: .utf8) == lock)
    }

    /// A batch whose every row Respan refuses answers 400 (0.1.47): like a partial failure, the
    /// refused rows are sent again a bounded number of times; then the error is at the dataset's
    /// file, quotes the first rows by their number in the file, and no experiment uses it.
    @Test func aBatchRefusedWholeIsAnErrorAtTheDatasetQuotingItsRows() async throws {
        try await withStarted({ try await SandboxHarness.start { $0.bulkErrorRate = 1 } }) { sandbox in
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            try directory.write("experiments.yaml", Self.manifest)
            try directory.write("data/qa.jsonl", Self.rows(3))
            let result = try await CLI.run(
                ["apply", "--auto-approve"], in: directory.url,
                environment: ["RESPAN_BASE_URL": sandbox.url, "RESPAN_API_KEY": sandbox.token])
            #expect(result.status == 1)
            #expect(
                result.stderr.contains("experiments.yaml:4:15: error: dataset qa could not be uploaded"),
                "\(result.stderr)"
            )
            #expect(
                result.stderr.contains("3 rows were refused 8 times (row 1: Injected row failure"), "\(result.stderr)")
            let experiments = try await sandbox.raw("GET", "/api/v2/experiments/").json?.arrayValue ?? []
            #expect(experiments.isEmpty)
        }
    }

    /// A bad dataset file stops the command before any request: the endpoint here refuses
    /// every connection, and the error is still the file's, at its line.
    @Test(arguments: [
        ("{\"input\": 1}\nnot json\n", "data/qa.jsonl:2:1: error: dataset 'qa': this line is not JSON"),
        ("", "error: dataset 'qa': the dataset file 'data/qa.jsonl' is empty"),
    ])
    func aBadDatasetFileIsALocatedErrorBeforeAnyRequest(_ rows: String, _ expected: String) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("experiments.yaml", Self.manifest)
        try directory.write("data/qa.jsonl", rows)
        let result = try await CLI.run(
            ["plan", "--endpoint", "http://127.0.0.1:9"], in: directory.url, environment: ["RESPAN_API_KEY": "k"])
        #expect(result.status == 1)
        #expect(result.stderr.contains(expected), "\(result.stderr)")
        #expect(!result.stderr.contains("127.0.0.1:9"))
    }
}
