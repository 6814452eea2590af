import Foundation
import RespanCore
import TestSupport
import Testing

/// A comparison that is not like for like is flagged in every format: a managed evaluator or
/// dataset whose content changed between the two runs (the digests each run recorded at apply),
/// and rows the baseline scored that have no score now. A changed model alone is like for like.
@Suite struct LikeForLikeCLITests {
    static func manifest(model: String, definition: String) -> String {
        """
        version: 1
        datasets:
          qa: { file: qa.jsonl }
        evaluators:
          judge:
            type: llm
            score_value_type: numerical
            llm_config: { model: gpt-4o-mini, evaluator_definition: "\(definition) {{output}}" }
        experiments:
          answer:
            dataset: qa
            evaluators: [judge]
            workflow: [{ type: completion, config: { model: \(model) } }]
          other:
            dataset: qa
            evaluators: [judge]
            workflow: [{ type: completion, config: { model: gpt-4o } }]
        """
    }

    static func rows(_ count: Int) -> String {
        (1...count).map { #"{"input": "question \#($0)", "expected_output": "answer \#($0)"}"# }
            .joined(separator: "\n")
    }

    @Test func aChangedEvaluatorAndLostRowsAreFlagged() async throws {
        let directory = try await BaselineScenario.applied(
            baseline: Self.manifest(model: "gpt-4o-mini", definition: "Rate the answer:"),
            current: Self.manifest(model: "gpt-4.1", definition: "Rate the answer:"),
            files: ["qa.jsonl": Self.rows(8)])
        defer { directory.remove() }
        let alike = try await CLI.run(
            ["results", "--sandbox", "--baseline", "main.lock", "--format", "json"], in: directory.url)
        let answer = try JSONValue(parsing: alike.stdout)["experiments"]?.arrayValue?.first { $0["key"] == "answer" }
        #expect(answer?["not_like_for_like"] == [], "\(alike.stdout)")

        let added = #"{"input": "a brand new question", "expected_output": "a new answer"}"#
        try directory.write("qa.jsonl", Self.rows(6) + "\n" + added)
        try directory.write("experiments.yaml", Self.manifest(model: "gpt-4.1", definition: "Rate the reply:"))
        let applied = try await CLI.run(["apply", "--sandbox", "--auto-approve", "--wait"], in: directory.url)
        #expect(applied.status == 0, "\(applied.stderr)")
        let text = try await CLI.run(["results", "--sandbox", "--baseline", "main.lock"], in: directory.url)
        #expect(text.stdout.contains("⚠ not like for like: dataset 'qa' changed between the runs ("), "\(text.stdout)")
        #expect(text.stdout.contains("; evaluator 'judge' changed between the runs ("))
        #expect(text.stdout.contains("; 2 rows the baseline scored have no score now"))
        #expect(text.stdout.contains("rows new in this run (judge), added or changed in the dataset, lowest first:"))
        #expect(text.stdout.contains("input:    a brand new question"), "\(text.stdout)")
        let markdown = try await CLI.run(
            ["results", "--sandbox", "--baseline", "main.lock", "--format", "markdown"], in: directory.url)
        #expect(markdown.stdout.contains(" · ⚠️ 2 not like for like"), "\(markdown.stdout)")
        #expect(markdown.stdout.contains("- ⚠️ `answer` not like for like: dataset 'qa' changed"))
        #expect(markdown.stdout.contains("| a brand new question | a new answer |"), "\(markdown.stdout)")
        let html = try await CLI.run(
            ["results", "--sandbox", "--baseline", "main.lock", "--format", "html"], in: directory.url)
        #expect(html.stdout.contains("<p class=\"warn\">⚠ not like for like: dataset &apos;qa&apos; changed"))
        let json = try await CLI.run(
            ["results", "--sandbox", "--baseline", "main.lock", "--format", "json"], in: directory.url)
        let flagged = try JSONValue(parsing: json.stdout)["experiments"]?.arrayValue?.first { $0["key"] == "other" }
        #expect(flagged?["not_like_for_like"]?.arrayValue?.count == 3, "\(json.stdout)")
        let fresh = flagged?["evaluators"]?.arrayValue?.first?["new_rows"]?.arrayValue
        #expect(fresh?.map { $0["input"] } == ["a brand new question"], "\(json.stdout)")
    }

    /// Each run records, at apply, the version of each evaluator kept on Respan it is made
    /// with (the sandbox's seeded evaluators show version 1), in a format 5 lockfile; a saved
    /// plan carries them to the apply that reads it.
    @Test(arguments: [false, true]) func aRunRecordsTheVersionsOfItsEvaluators(throughASavedPlan: Bool) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write(
            "experiments.yaml",
            """
            version: 1
            experiments:
              answer:
                dataset_id: ds_support_qa_2024
                evaluator_ids: [eval_quality, eval_exact_match]
                workflow: [{ type: completion, config: { model: gpt-4o, max_tokens: 100 } }]
            """)
        if throughASavedPlan {
            let plan = try await CLI.run(["plan", "--sandbox", "--out", "plan.json"], in: directory.url)
            #expect(plan.status == 0, "\(plan.stderr)")
        }
        let apply = try await CLI.run(
            ["apply", "--sandbox", "--auto-approve"] + (throughASavedPlan ? ["plan.json"] : []), in: directory.url)
        #expect(apply.status == 0, "\(apply.stderr)")
        let lock = try JSONValue(parsing: String(contentsOfFile: directory.path("experiments.lock"), encoding: .utf8))
        #expect(lock["format_version"] == 5)
        #expect(
            lock["experiments"]?["answer"]?["evaluator_versions"]
                == ["eval_quality": "version 1", "eval_exact_match": "version 1"], "\(lock)")
        #expect(try await CLI.run(["plan", "--sandbox", "--detailed-exitcode"], in: directory.url).status == 0)
    }
}
