import Foundation
import RespanCore
import TestSupport
import Testing

/// `convert --from promptfoo` on configs written for these tests (Tests/Fixtures/promptfoo,
/// built to hold the features the eight public suites of issue 21 use, not copied from them):
/// the suite it writes validates, applies against the sandbox and re-plans to no changes, and
/// every feature it could not translate is listed.
@Suite struct ConvertCLITests {
    @Test func aPromptfooSuiteBecomesASuiteThatAppliesAndRePlansToNothing() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let config = Paths.fixtures.appendingPathComponent("promptfoo/suite/promptfooconfig.yaml").path
        let converted = try await CLI.run(
            ["convert", "--from", "promptfoo", config, "--out", directory.path("suite")])
        #expect(converted.status == 0, "\(converted.stdout)\(converted.stderr)")
        let out = converted.stdout
        #expect(out.contains("translated: 2 prompt(s) × 2 provider(s) → 4 prompts, one experiment over them"), "\(out)")
        #expect(out.contains("not translated: prompt prompts/build.js: a prompt function (code), not a template"))
        #expect(out.contains("not translated: provider 'https://example.com/chat': a custom, script or HTTP provider"))
        #expect(out.contains("not translated: test 2: assertion 'javascript' (no built-in check does it)"))
        // defaultTest's untranslated assertion is listed once, not once a test.
        #expect(out.components(separatedBy: "assertion 'latency'").count == 2, "\(out)")
        let rows = try String(contentsOfFile: directory.path("suite/data/tests.jsonl"), encoding: .utf8)
        // file:// vars inlined; defaultTest's assertion on every row; an llm-rubric in the metadata.
        #expect(rows.contains("Refunds are possible within 30 days of purchase."))
        #expect(rows.components(separatedBy: #"{"type":"not-icontains","value":"as an AI"}"#).count == 4)
        #expect(rows.contains(#""rubric":"Mentions the plan's name and price.""#))
        // An assertion's {{var}} is filled from the test's vars, as promptfoo renders it.
        #expect(rows.contains(#"{"type":"icontains","value":"refund"}"#), "\(rows)")
        let manifest = try String(contentsOfFile: directory.path("suite/experiments.yaml"), encoding: .utf8)
        #expect(manifest.contains("evaluators: [checks, rubric]"))

        let suite = directory.url.appendingPathComponent("suite")
        let environment = ["RESPAN_SANDBOX_RUN_SECONDS": "0.1"]
        let apply = try await CLI.run(
            ["apply", "--sandbox", "--auto-approve", "--wait"], in: suite, environment: environment)
        #expect(apply.status == 0, "\(apply.stdout)\(apply.stderr)")
        let plan = try await CLI.run(
            ["plan", "--sandbox", "--detailed-exitcode"], in: suite, environment: environment)
        #expect(plan.status == 0, "\(plan.stdout)")

        let again = try await CLI.run(
            ["convert", "--from", "promptfoo", config, "--out", directory.path("suite")])
        #expect(again.status == 1)
        #expect(again.stderr.contains("exists; give --force to write over the suite there"))
    }

    /// Tests in a CSV file: vars by column, `__expected` cells as checks (`TYPE: VALUE`, or the
    /// text the output must equal).
    @Test func csvTestsWithExpectedColumnsBecomeRowsWithChecks() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let config = Paths.fixtures.appendingPathComponent("promptfoo/csv/promptfooconfig.yaml").path
        let converted = try await CLI.run([
            "convert", "--from", "promptfoo", config, "--out", directory.path("s"),
        ])
        #expect(converted.status == 0, "\(converted.stdout)\(converted.stderr)")
        let rows = try String(contentsOfFile: directory.path("s/data/tests.jsonl"), encoding: .utf8)
            .split(separator: "\n").map { try JSONValue(parsing: String($0)) }
        #expect(rows.count == 3)
        #expect(
            rows[1]["metadata"]?["assert"]?.arrayValue?.last == [
                "type": "contains-any", "value": "metoprolol, lopressor",
            ])
        #expect(rows[2]["expected_output"] == "[]")
        let manifest = try String(contentsOfFile: directory.path("s/experiments.yaml"), encoding: .utf8)
        #expect(manifest.contains("gates: { checks: { min_pass_rate: 0.85 } }"), "\(manifest)")
        let validate = try await CLI.run(["validate", directory.path("s/experiments.yaml")])
        #expect(validate.status == 0, "\(validate.stderr)")
    }
}
