import Foundation
import RespanCore
import TestSupport
import Testing

/// Built-in checks and rows that carry their own (design §13), through the built binary: what
/// they become on Respan, that apply makes them once and re-plans to nothing, that a changed
/// check reruns exactly the experiments scoring with it, and that every mistake is located.
/// (The generated code's verdicts are run on promptfoo's cases by Tests/checks/check_cases.py.)
@Suite struct BuiltInChecksCLITests {
    static func manifest(refund: String = "refund") -> String {
        """
        version: 1
        datasets:
          qa: { file: qa.jsonl }
        evaluators:
          refund: { check: { icontains: \(refund) } }
          verdict: { check: { all: [row, { not_contains: sorry }] } }
        experiments:
          checked:
            dataset: qa
            evaluators: [refund, verdict]
            workflow: [{ type: completion, config: { model: gpt-4o-mini, max_tokens: 300 } }]
            gates: { verdict: { min_pass_rate: 0.5 } }
          other:
            dataset: qa
            evaluators: [verdict]
            workflow: [{ type: completion, config: { model: gpt-4o, max_tokens: 300 } }]
        """
    }

    /// The sandbox answers a row with its expected output behind the model's name, and judges
    /// a generated check on that answer as the check's Python would: `refund` passes the first
    /// row only; `verdict` passes the first (its own check holds) and fails the second (it says sorry).
    static let rows = """
        {"input": {"q": "refund?"}, "expected_output": "A Refund is on its way.", "assert": [{"type": "icontains", "value": "refund"}]}
        {"input": {"q": "hello"}, "expected_output": "Hi, sorry!", "assert": [{"type": "not-icontains-any", "value": "idiot, stupid"}]}
        """

    @Test func aCheckIsABooleanCodeEvaluatorAppliedOnceAndRerunOnlyWhereUsed() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("experiments.yaml", Self.manifest())
        try directory.write("qa.jsonl", Self.rows)
        let rendered = try await CLI.run(["render", "--evaluators"], in: directory.url)
        let refund = try JSONValue(parsing: rendered.stdout)["evaluators"]?["refund"]
        #expect(refund?["type"] == "code" && refund?["score_value_type"] == "boolean", "\(rendered.stdout)")
        #expect(refund?["eval_class"] == "custom_code")
        let code = refund?["code_config"]?["eval_code_snippet"]?.stringValue ?? ""
        #expect(code.contains("def main(eval_inputs):"))
        #expect(code.contains(#"CHECK = json.loads("{\"kind\":\"icontains\",\"not\":false,\"value\":\"refund\"}")"#))
        let apply = try await CLI.run(["apply", "--sandbox", "--auto-approve", "--wait"], in: directory.url)
        #expect(apply.status == 0, "\(apply.stdout)\(apply.stderr)")
        let again = try await CLI.run(["plan", "--sandbox", "--detailed-exitcode"], in: directory.url)
        #expect(again.status == 0, "the generated code is the same text each time: \(again.stdout)")
        let results = try await CLI.run(["results", "--sandbox", "--format", "json"], in: directory.url)
        let checked = try JSONValue(parsing: results.stdout)["experiments"]?.arrayValue?.first {
            $0["key"] == "checked"
        }
        let means = (checked?["evaluators"]?.arrayValue ?? []).map { ($0["name"]?.stringValue ?? "", $0["mean"]) }
        #expect(means.first { $0.0 == "refund" }?.1 == 0.5, "\(results.stdout)")
        #expect(means.first { $0.0 == "verdict" }?.1 == 0.5, "\(results.stdout)")
        #expect(try JSONValue(parsing: results.stdout)["gates"]?.arrayValue?.first?["outcome"] == "passed")

        try directory.write("experiments.yaml", Self.manifest(refund: "money back"))
        let plan = try await CLI.run(["plan", "--sandbox", "--detailed-exitcode"], in: directory.url)
        #expect(plan.status == 2, "\(plan.stderr)")
        #expect(plan.stdout.contains("checked will be created anew"), "\(plan.stdout)")
        #expect(!plan.stdout.contains("other will be"), "only the experiment scoring with 'refund' reruns")
    }

    /// Every mistake at once, each where it is written: an unknown kind in the manifest and in
    /// a row, a row without checks under `check: row`, a JSON Schema keyword the generated code
    /// would not validate, and a field a check does not take.
    @Test func everyMistakeInChecksIsLocated() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write(
            "experiments.yaml",
            """
            version: 1
            datasets:
              qa: { file: qa.jsonl }
            evaluators:
              typo: { check: { icontain: refund } }
              shape: { check: { is_json: { type: object, patternProperties: {} } } }
              mixed: { check: { contains: x }, score_value_type: numerical }
              pattern: { check: { regex: "(" } }
              fields: { check: { is_json: { required: name } } }
              rows: { check: row }
            experiments:
              checked:
                dataset: qa
                evaluators: [rows]
                workflow: [{ type: completion, config: { model: gpt-4o-mini, max_tokens: 300 } }]
            """)
        try directory.write(
            "qa.jsonl",
            """
            {"input": "a", "assert": [{"type": "contain", "value": "x"}]}
            {"input": "b"}
            {"input": "c", "assert": [{"type": "contains", "value": "c"}]}
            {"input": "d", "metadata": {"assert": null}}
            """)
        let result = try await CLI.run(["validate"], in: directory.url)
        #expect(result.status == 1)
        let errors = result.stderr
        #expect(
            errors.contains("experiments.yaml:5:18: error: the check of evaluator 'typo': unknown check 'icontain'"),
            "\(errors)")
        #expect(errors.contains("did you mean 'icontains'?"))
        #expect(errors.contains("the JSON Schema keyword 'patternProperties' is not one the generated check validates"))
        #expect(errors.contains("experiments.yaml:7:36: error: 'score_value_type' does not apply to a check"))
        #expect(errors.contains("the check of evaluator 'pattern': '(' is not a regular expression"), "\(errors)")
        #expect(errors.contains("the JSON Schema keyword 'required' takes a list of property names"))
        #expect(errors.contains("qa.jsonl:1:1: error: dataset 'qa': check 1 of 'assert': unknown check 'contain'"))
        #expect(errors.contains("qa.jsonl:4:1: error: dataset 'qa': 'assert' is a list of checks"), "\(errors)")
        // The dataset's bad row is its error alone: the experiment using it is not told the dataset is unknown.
        #expect(!errors.contains("unknown dataset"), "\(errors)")
    }

    @Test func aRowWithoutChecksUnderCheckRowIsAnErrorAtTheRow() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("experiments.yaml", Self.manifest())
        try directory.write("qa.jsonl", Self.rows + "\n{\"input\": {\"q\": \"no checks\"}}\n")
        let result = try await CLI.run(["validate"], in: directory.url)
        #expect(result.status == 1)
        #expect(
            result.stderr.contains(
                "qa.jsonl:3:1: error: this row of dataset 'qa' has no checks of its own, and evaluator 'verdict' reads them"
            ), "\(result.stderr)")
    }

    /// `columns:` maps CSV columns into the input object (`input.KEY`) and a JSON column into
    /// the row's checks.
    @Test func csvColumnsFillInputKeysAndChecks() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write(
            "experiments.yaml",
            Self.manifest().replacingOccurrences(
                of: "qa: { file: qa.jsonl }",
                with:
                    "qa: { file: qa.csv, columns: { topic: input.topic, tone: input.tone, tests: { field: assert, type: json } } }"
            ))
        try directory.write(
            "qa.csv",
            "topic,tone,tests\nrefunds,warm,\"[{\"\"type\"\": \"\"contains\"\", \"\"value\"\": \"\"refund\"\"}]\"\n")
        let result = try await CLI.run(["validate"], in: directory.url)
        #expect(result.status == 0, "\(result.stderr)")
        let apply = try await CLI.run(["apply", "--sandbox", "--auto-approve"], in: directory.url)
        #expect(apply.status == 0, "\(apply.stderr)")
        #expect(apply.stdout.contains("+ dataset qa: 1 row from qa.csv"), "\(apply.stdout)")
    }
}
