import Foundation
import RespanCore
import TestSupport
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Rows classed against the baseline run, in every format: regressed, improved, unchanged,
/// failing on both sides, errored (an evaluator error, never a 0) and unpaired (one side only,
/// never a pass); the worst regressed rows with their text and both scores.
@Suite struct RowClassesCLITests {
    /// Two managed datasets that share 12 inputs: `qa_a` has "question 1" only, `qa_b` has
    /// "question 14" only, and both a row on which the sandbox's evaluator fails. Under model m8
    /// the boolean `eval_exact_match` gives every class on this pair (the sandbox derives managed
    /// dataset ids from their names, so the scores are the same on every run of this test).
    static func manifest(dataset: String) -> String {
        """
        version: 1
        datasets:
          qa_a: { file: data/a.jsonl }
          qa_b: { file: data/b.jsonl }
        evaluators:
          exact: { id: eval_exact_match }
        experiments:
          answer:
            dataset: \(dataset)
            evaluators: [exact]
            workflow: [{ type: completion, config: { model: m8 } }]
            gates: { exact: { max_regression: 0.1 } }
        """
    }

    static func applied() async throws -> TemporaryDirectory {
        let rows = (1...14).map { #"{"input": "question \#($0)", "expected_output": "answer \#($0)"}"# }
        let failing = #"{"input": "question sandbox:evaluator-error", "expected_output": "never scored"}"#
        let directory = try await BaselineScenario.applied(
            baseline: Self.manifest(dataset: "qa_a"), current: Self.manifest(dataset: "qa_b"),
            files: [
                "data/a.jsonl": (rows.prefix(13) + [failing]).joined(separator: "\n"),
                "data/b.jsonl": (rows.dropFirst() + [failing]).joined(separator: "\n"),
            ])
        return directory
    }

    static let counts = "4 regressed, 1 improved, 3 unchanged, 4 failing on both sides, 1 errored, 2 unpaired"

    @Test func everyFormatCountsTheClassesAndShowsTheWorstRows() async throws {
        let directory = try await Self.applied()
        defer { directory.remove() }
        let text = try await CLI.run(["results", "--sandbox", "--baseline", "main.lock"], in: directory.url)
        #expect(text.status == 3, "\(text.stderr)")
        #expect(text.stdout.contains("  rows (exact): \(Self.counts)"), "\(text.stdout)")
        #expect(text.stdout.contains("worst regressed rows (exact), baseline → now:"))
        #expect(text.stdout.contains("    1 → 0 (-1) · row "))
        #expect(text.stdout.contains("      input:    question 10\n      expected: answer 10\n"))
        #expect(text.stdout.contains("      baseline: [m8] answer 10\n      now:      [m8] answer 10\n"))
        // The errored row is no score of 0: 13 rows scored of 14, and the pass rate is over those.
        #expect(text.stdout.contains("0.3077     13"), "\(text.stdout)")

        let markdown = try await CLI.run(
            ["results", "--sandbox", "--baseline", "main.lock", "--format", "markdown"], in: directory.url)
        #expect(markdown.stdout.contains("| \(Self.counts) | completed |"), "\(markdown.stdout)")
        #expect(markdown.stdout.contains("<details><summary>Worst regressed rows</summary>"))
        #expect(
            markdown.stdout.contains(
                "| 1 → 0 (-1) | question 10 | answer 10 | \\[m8\\] answer 10 | \\[m8\\] answer 10 |"))

        let json = try await CLI.run(
            ["results", "--sandbox", "--baseline", "main.lock", "--format", "json"], in: directory.url)
        let evaluator = try #require(
            try JSONValue(parsing: json.stdout)["experiments"]?.arrayValue?.first?["evaluators"]?.arrayValue?.first)
        let rows = try #require(evaluator["rows"])
        #expect(rows["regressed"] == 4 && rows["improved"] == 1 && rows["unchanged"] == 3)
        #expect(rows["failing_both"] == 4 && rows["errored"] == 1 && rows["unpaired"] == 2)
        #expect(rows["only_current"] == 1 && rows["only_baseline"] == 1)
        let worst = try #require(evaluator["worst_regressed"]?.arrayValue)
        #expect(worst.count == 4)
        #expect(worst.first?["input"] == "question 10" && worst.first?["baseline_score"] == 1)
        #expect(worst.first?["current_output"] == "[m8] answer 10" && worst.first?["current_score"] == 0)

        let junit = try await CLI.run(
            ["results", "--sandbox", "--baseline", "main.lock", "--format", "junit"], in: directory.url)
        let document = try XMLDocument(data: Data(junit.stdout.utf8))
        let out = try document.nodes(forXPath: "//testcase/system-out").first?.stringValue
        #expect(out == "rows: \(Self.counts)", "\(junit.stdout)")
    }
}
