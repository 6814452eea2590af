import Foundation
import RespanCore
import TestSupport
import Testing

/// Two applies of one manifest: the first's lockfile kept as `main.lock` (the baseline), then
/// the manifest changed and applied again, as a pull request does.
enum BaselineScenario {
    static func applied(
        baseline: String, current: String, files: [String: String] = [:]
    ) async throws
        -> TemporaryDirectory
    {
        let directory = try TemporaryDirectory()
        for (name, text) in files { try directory.write(name, text) }
        try directory.write("experiments.yaml", baseline)
        let first = try await CLI.run(["apply", "--sandbox", "--auto-approve", "--wait"], in: directory.url)
        #expect(first.status == 0, "\(first.stderr)")
        try FileManager.default.copyItem(
            atPath: directory.path("experiments.lock"), toPath: directory.path("main.lock"))
        try directory.write("experiments.yaml", current)
        let second = try await CLI.run(["apply", "--sandbox", "--auto-approve", "--wait"], in: directory.url)
        #expect(second.status == 0, "\(second.stderr)")
        return directory
    }
}

/// The verdict table of the statistical gates, through the CLI against the embedded sandbox:
/// honest intervals at 100 %, inconclusive where no honest interval exists, and what the test
/// could have detected.
@Suite struct StatisticalGatesCLITests {
    /// In the sandbox a boolean evaluator (`eval_exact_match`) passes every one of the 36 rows
    /// of ds_support_qa_2024 under the models m3 and m8; numerical `eval_quality` scores about
    /// 0.75 under gpt-4.1 and 0.52 under gpt-4o.
    static func manifest(model: String, evaluator: String = "eval_exact_match", gate: String) -> String {
        """
        version: 1
        evaluators:
          check: { id: \(evaluator) }
        experiments:
          answer:
            dataset_id: ds_support_qa_2024
            evaluators: [check]
            workflow: [{ type: completion, config: { model: \(model) } }]
            gates: { check: { \(gate) } }
        """
    }

    /// 36 of 36 at 95 %: the Wilson lower end is about 0.904, so a 0.95 bound is not reached
    /// (a percentile bootstrap says "CI 1–1" and passes).
    @Test(arguments: ["min_mean", "min_pass_rate"])
    func allPassingRowsGiveAnHonestLowerBound(condition: String) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write(
            "experiments.yaml", Self.manifest(model: "m3", gate: "\(condition): { value: 0.95, confidence: 0.95 }"))
        let applied = try await CLI.run(["apply", "--sandbox", "--auto-approve", "--wait"], in: directory.url)
        #expect(applied.status == 0, "\(applied.stderr)")
        let result = try await CLI.run(["results", "--sandbox", "--format", "json"], in: directory.url)
        #expect(result.status == 3, "\(result.stdout)")
        let gate = try #require(try JSONValue(parsing: result.stdout)["gates"]?.arrayValue?.first)
        #expect(gate["outcome"] == "failed")
        #expect(gate["method"] == "wilson")
        let lower = try #require(gate["interval"]?.arrayValue?.first?.numberValue?.doubleValue)
        #expect(abs(lower - 0.9036) < 0.0005, "\(gate)")
        #expect(gate["rows_to_decide"] == 73)
        let reason = gate["reason"]?.stringValue ?? ""
        #expect(reason.contains("95% CI 0.9036–1 over 36 rows): lower end 0.9036 < 0.95"), "\(reason)")
        #expect(reason.contains("73 rows would reach it"), "\(reason)")
    }

    /// `min_row_pass_rate` over `repeats: 2`: a row failing in both runs fails the gate (exit 3),
    /// named by its input with "0 of 2"; JSON carries each row's k of n. A bound outside 0–1
    /// is a located error (exit 1).
    @Test func aRowFailingItsRepeatsFailsMinRowPassRateByName() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let manifest = Self.manifest(model: "gpt-4.1-mini", gate: "min_row_pass_rate: 0.5")
            .replacingOccurrences(of: "evaluators: [check]", with: "evaluators: [check]\n    repeats: 2")
        try directory.write("experiments.yaml", manifest)
        let applied = try await CLI.run(["apply", "--sandbox", "--auto-approve", "--wait"], in: directory.url)
        #expect(applied.status == 0, "\(applied.stderr)")
        let text = try await CLI.run(["results", "--sandbox"], in: directory.url)
        #expect(text.status == 3, "\(text.stdout)")
        #expect(text.stdout.contains("✘ answer · check min_row_pass_rate: "), "\(text.stdout)")
        #expect(text.stdout.contains(" rows pass in fewer than 0.5 of their 2 runs: 'How do I "), "\(text.stdout)")
        #expect(
            text.stdout.contains("] 0 of 2"), "the sandbox's dataset asks each question twice: keys tell them apart")
        let json = try await CLI.run(["results", "--sandbox", "--format", "json"], in: directory.url)
        let group = try JSONValue(parsing: json.stdout)["repeat_groups"]?.arrayValue?.first?["evaluators"]?.arrayValue
        let rows = try #require(group?.first?["row_passes"]?.arrayValue)
        #expect(rows.count == 36)
        #expect(rows.first?["passed"] == 0 && rows.first?["runs"] == 2, "\(rows.first ?? JSONValue.null)")

        try directory.write(
            "experiments.yaml",
            manifest.replacingOccurrences(of: "min_row_pass_rate: 0.5", with: "min_row_pass_rate: 2"))
        let invalid = try await CLI.run(["validate"], in: directory.url)
        #expect(invalid.status == 1)
        #expect(
            invalid.stderr.contains(
                "experiments.yaml:10:42: error: 'min_row_pass_rate' is the share of its runs a row must pass in, from 0 to 1, got 2.0"
            ), "\(invalid.stderr)")
    }

    /// Identical outcomes on both sides (every row passes in both runs): the paired differences
    /// are all zero, an interval of zero width; the gate is inconclusive, fails, and says how
    /// many rows would decide it.
    @Test func identicalOutcomesAreInconclusiveAndFail() async throws {
        let gate = "max_regression: { value: 0.05, confidence: 0.95 }"
        let directory = try await BaselineScenario.applied(
            baseline: Self.manifest(model: "m3", gate: gate), current: Self.manifest(model: "m8", gate: gate))
        defer { directory.remove() }
        let result = try await CLI.run(["results", "--sandbox", "--baseline", "main.lock"], in: directory.url)
        #expect(result.status == 3, "\(result.stdout)")
        #expect(
            result.stdout.contains(
                "? answer · check max_regression: inconclusive: regression 0 (95% CI 0–0 over 36 paired rows): "
                    + "every one of 36 paired rows changed by the same 0, so the interval has zero width; "
                    + "about 73 paired rows would decide it"), "\(result.stdout)")
        #expect(result.stdout.contains("Gates: 0 passed, 0 failed, 1 inconclusive, 0 skipped."))
        let json = try await CLI.run(
            ["results", "--sandbox", "--baseline", "main.lock", "--format", "json"], in: directory.url)
        let document = try JSONValue(parsing: json.stdout)
        #expect(document["summary"]?["inconclusive"] == 1)
        #expect(document["gates"]?.arrayValue?.first?["outcome"] == "inconclusive")
    }

    /// Three dataset rows give no honest interval: both statistical gates are inconclusive, fail
    /// (exit 3), and say that at least 5 rows would decide them.
    @Test func tooFewRowsAreInconclusive() async throws {
        let gate = "min_mean: { value: 0.1, confidence: 0.9 }, max_regression: { value: 0.5, confidence: 0.9 }"
        func manifest(_ model: String) -> String {
            Self.manifest(model: model, evaluator: "eval_quality", gate: gate)
                .replacingOccurrences(of: "dataset_id: ds_support_qa_2024", with: "dataset: qa")
                .replacingOccurrences(of: "evaluators:\n", with: "datasets:\n  qa: { file: qa.jsonl }\nevaluators:\n")
        }
        let rows = (1...3).map { #"{"input": "question \#($0)", "expected_output": "answer \#($0)"}"# }
        let directory = try await BaselineScenario.applied(
            baseline: manifest("gpt-4o"), current: manifest("gpt-4.1"),
            files: ["qa.jsonl": rows.joined(separator: "\n")])
        defer { directory.remove() }
        let result = try await CLI.run(["results", "--sandbox", "--baseline", "main.lock"], in: directory.url)
        #expect(result.status == 3, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("? answer · check min_mean: inconclusive: mean "), "\(result.stdout)")
        #expect(result.stdout.contains("only 3 rows, too few for an honest interval; about 5 rows would decide it"))
        #expect(
            result.stdout.contains(
                "only 3 paired rows, too few for an honest interval; about 5 paired rows would decide it"))
        #expect(result.stdout.contains("Gates: 0 passed, 0 failed, 2 inconclusive, 0 skipped."))
    }

    /// A computable verdict says what the comparison could have detected; a pass whose
    /// detectable regression exceeds the bound passes and says so.
    @Test func aPassSaysWhatItCouldNotHaveDetected() async throws {
        let gate = "max_regression: { value: 0.02, confidence: 0.95 }"
        let directory = try await BaselineScenario.applied(
            baseline: Self.manifest(model: "gpt-4o", evaluator: "eval_quality", gate: gate),
            current: Self.manifest(model: "gpt-4.1", evaluator: "eval_quality", gate: gate))
        defer { directory.remove() }
        let result = try await CLI.run(
            ["results", "--sandbox", "--baseline", "main.lock", "--format", "json"], in: directory.url)
        #expect(result.status == 0, "\(result.stdout)")
        let verdict = try #require(try JSONValue(parsing: result.stdout)["gates"]?.arrayValue?.first)
        let detectable = try #require(verdict["detectable"]?.numberValue?.doubleValue)
        #expect(detectable > 0.02)
        let reason = verdict["reason"]?.stringValue ?? ""
        #expect(reason.contains("it could detect a regression of 0.0"), "\(reason)")
        #expect(reason.contains("(95% confidence, 80% power, 36 rows × 1 repeat)"), "\(reason)")
        #expect(reason.contains("more than the bound 0.02, so this pass does not rule out a regression past it"))
        // What more repeats would take, from the detectable effect's 1/√repeats and the run's estimate.
        let needed = Int((detectable / 0.02) * (detectable / 0.02)).advanced(by: 1)
        #expect(reason.contains("; at least "), "\(reason)")
        #expect(reason.contains(" repeats would be needed to detect it (") && reason.contains(" more runs, about $"))
        let stated = reason.firstMatch(of: #/at least (\d+) repeats/#).flatMap { Int($0.1) }
        #expect(stated.map { abs($0 - needed) <= 1 } == true, "\(reason)")
    }
}
