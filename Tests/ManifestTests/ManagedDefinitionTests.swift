import Foundation
import Manifest
import RespanCore
import TestSupport
import Testing

/// Managed datasets and evaluators in the loader: rows read, checked and hashed;
/// every bad input a located error.
@Suite struct ManagedDefinitionTests {
    static func manifest(
        dataset: String = "{ file: data/qa.jsonl }", evaluator: String = "{ id: eval_quality }", gate: String = ""
    )
        -> String
    {
        """
        version: 1
        datasets:
          qa: \(dataset)
        evaluators:
          judge: \(evaluator)
        experiments:
          run:
            dataset: qa
            evaluators: [judge]
            workflow: [{ type: completion, config: { model: gpt-4o } }]
        \(gate)
        """
    }

    static func load(_ files: [String: String]) throws -> (ManifestLoadResult, ManifestFixture) {
        let fixture = try ManifestFixture(files)
        return (ManifestLoader().load(path: fixture.rootPath), fixture)
    }

    static func errors(_ files: [String: String]) throws -> [String] {
        let (result, fixture) = try load(files)
        defer { fixture.directory.remove() }
        return result.diagnostics.sorted.map { diagnostic in
            let location = diagnostic.location.map { "\(($0.file as NSString).lastPathComponent):\($0.line): " } ?? ""
            return location + diagnostic.message
        }
    }

    /// A built-in `_any` check whose pieces are all blank (spaces, a line break) has nothing to
    /// look for: refused where it is written, not kept to pass on every output.
    @Test func anAnyCheckOfBlankPiecesIsRefused() throws {
        let found = try ManifestTests.errors(
            of: manifestHead.replacingOccurrences(
                of: "evaluators:\n", with: "evaluators:\n  blank: { check: { contains_any: \" ,\\n\" } }\n")
                    + """
                    experiments:
                      e1: { dataset: qa, workflow: mini, evaluators: [blank] }
                    """)
        #expect(found.contains { $0.contains("'contains_any' needs a list of texts that are not empty") }, "\(found)")
    }

    @Test func aJSONLFileBecomesAManagedDatasetWithItsDigest() throws {
        let (result, fixture) = try Self.load([
            "experiments.yaml": Self.manifest(),
            "data/qa.jsonl":
                "\u{FEFF}{\"input\": \"a\", \"expected_output\": \"b\"}\r\n\n{\"input\": {\"q\": 1}, \"metadata\": {\"k\": 2}}\n",
        ])
        defer { fixture.directory.remove() }
        let desired = try #require(result.desired, "\(result.diagnostics.sorted.map(\.message))")
        let dataset = try #require(desired.managedDatasets["qa"])
        #expect(dataset.summary.rowCount == 2)
        #expect(dataset.summary.digest.hasPrefix("sha256:"))
        // The body holds no id for it (none exists before the upload): a typed use says where it goes.
        #expect(desired.experiment("run")?.body["dataset_id"] == nil)
        #expect(desired.experiment("run")?.managedUses == [ManagedUse(.dataset("qa"), slot: .datasetID)])
    }

    /// The digest is of the canonical rows: key order and spacing do not change it, a value does.
    @Test func theDigestIsOfTheCanonicalRows() throws {
        func digest(_ rows: String) throws -> String? {
            let (result, fixture) = try Self.load(["experiments.yaml": Self.manifest(), "data/qa.jsonl": rows])
            defer { fixture.directory.remove() }
            return result.desired?.managedDatasets["qa"]?.summary.digest
        }
        let first = try digest(#"{"input": "a", "expected_output": "b"}"#)
        #expect(first != nil)
        #expect(try digest(#"{ "expected_output":"b","input":"a" }"#) == first)
        #expect(try digest(#"{"input": "a", "expected_output": "c"}"#) != first)
    }

    /// Cells are text, `42` and `{"q": 2}` too, unless their column is typed.
    @Test func aCSVWithQuotesEmbeddedNewlinesABOMAndJSONCellsIsRead() throws {
        let csv =
            "\u{FEFF}question,answer,source\r\n\"Hello, \"\"world\"\"\",\"line one\nline two\",docs\r\n{\"q\": 2},42,\r\n"
        let (result, fixture) = try Self.load([
            "experiments.yaml": Self.manifest(
                dataset:
                    "{ file: data/qa.csv, columns: { question: input, answer: expected_output, source: metadata.source } }"
            ),
            "data/qa.csv": csv,
        ])
        defer { fixture.directory.remove() }
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics.sorted.map(\.message))")
        let path = fixture.path("data/qa.csv")
        let file = try DatasetFile(
            path: path, format: .csv,
            columns: ["question": "input", "answer": "expected_output", "source": "metadata.source"],
            location: SourceLocation(file: path, line: 1, column: 1))
        #expect(
            try file.next()?.row == [
                "input": "Hello, \"world\"", "expected_output": "line one\nline two", "metadata": ["source": "docs"],
            ])
        #expect(try file.next()?.row == ["input": #"{"q": 2}"#, "expected_output": "42"])
        #expect(try file.next() == nil)
    }

    @Test(arguments: [
        ("a missing file", ["experiments.yaml": manifest()], "experiments.yaml:3: dataset 'qa': the dataset file"),
        (
            "an empty file", ["experiments.yaml": manifest(), "data/qa.jsonl": ""],
            "is empty; a dataset needs at least one row"
        ),
        (
            "a line that is not JSON",
            ["experiments.yaml": manifest(), "data/qa.jsonl": "{\"input\": 1}\n{\"input\": \n"],
            "qa.jsonl:2: dataset 'qa': this line is not JSON"
        ),
        (
            "a row without input",
            ["experiments.yaml": manifest(), "data/qa.jsonl": "{\"input\": 1}\n{\"output\": 2}\n"],
            "qa.jsonl:2: dataset 'qa': a row without 'input'"
        ),
        (
            "an unmapped column", ["experiments.yaml": manifest(), "data/qa.jsonl": "{\"input\": 1, \"source\": 2}\n"],
            "qa.jsonl:1: dataset 'qa': unknown column 'source'"
        ),
        (
            "a ragged CSV row",
            [
                "experiments.yaml": manifest(dataset: "{ file: data/qa.csv }"),
                "data/qa.csv": "input,expected_output\na,b\n\"x\ny\",c,d\n",
            ],
            "qa.csv:3: dataset 'qa': this row has 3 fields and the header 2"
        ),
        (
            "a missing code_file",
            [
                "experiments.yaml": manifest(
                    evaluator: "{ type: code, score_value_type: boolean, code_file: evals/x.py }")
            ],
            "evals/x.py' of evaluator 'judge' does not exist"
        ),
    ])
    func badInputIsALocatedError(_ name: String, _ files: [String: String], _ expected: String) throws {
        let errors = try Self.errors(files)
        #expect(errors.contains { $0.hasPrefix(expected) || $0.contains(expected) }, "\(name): \(errors)")
    }

    @Test(arguments: [
        ("{ type: llm, score_value_type: numerical }", "missing required key 'llm_config'"),
        (
            "{ type: llm, score_value_type: score, llm_config: { model: m, evaluator_definition: 'd {{output}}' } }",
            "'score_value_type' of evaluator 'judge' is 'score'"
        ),
        ("{ type: robot, score_value_type: numerical }", "'type' of evaluator 'judge' is 'robot'"),
        (
            "{ type: llm, score_value_type: numerical, llm_config: { model: m } }",
            "missing required key 'evaluator_definition'"
        ),
        (
            "{ type: llm, score_value_type: numerical, llm_config: { model: m, evaluator_definition: 'd {{output}}', temperature: 3 } }",
            "'llm_config.temperature' must be between 0 and 2, got 3"
        ),
        (
            "{ type: llm, score_value_type: numerical, llm_config: { model: m, evaluator_definition: 'd {{output}}' }, score_config: { min_score: 5, max_score: 1 } }",
            "'score_config.min_score' (5) must be below 'max_score' (1)"
        ),
        (
            "{ type: llm, score_value_type: categorical, llm_config: { model: m, evaluator_definition: 'd {{output}}' } }",
            "scores categories"
        ),
        (
            "{ type: code, score_value_type: boolean, code_file: x.py, llm_config: { model: m } }",
            "'llm_config' does not apply to a code evaluator"
        ),
        (
            "{ type: llm, id: eval_x, score_value_type: boolean, llm_config: { model: m, evaluator_definition: 'd {{output}}' } }",
            "cannot also refer to one by 'id'"
        ),
    ])
    func anEvaluatorDefinitionIsChecked(_ evaluator: String, _ expected: String) throws {
        let errors = try Self.errors([
            "experiments.yaml": Self.manifest(evaluator: evaluator), "data/qa.jsonl": "{\"input\": 1}\n",
            "x.py": "def main(x): return True\n",
        ])
        #expect(errors.contains { $0.contains(expected) }, "\(errors)")
    }

    @Test(arguments: [
        (
            "gates: { judge: { min_mean: 7 } }",
            "min_mean 7 is outside the scores 'judge' gives (from 1 to 5, its score_config)"
        ),
        ("gates: { judge: { max_regression: 9 } }", "max_regression 9 is larger than the whole score range"),
        ("gates: { judge: { min_pass_rate: 0.9 } }", "sets min_pass_rate, but 'judge' scores numerical values"),
        ("gates: { judge: { min_row_pass_rate: 0.9 } }", "sets min_row_pass_rate, but 'judge' scores numerical values"),
    ])
    func gateBoundsMustFitTheScoreConfig(_ gate: String, _ expected: String) throws {
        let evaluator =
            "{ type: llm, score_value_type: numerical, llm_config: { model: m, evaluator_definition: 'd {{output}}' }, score_config: { min_score: 1, max_score: 5 } }"
        let errors = try Self.errors([
            "experiments.yaml": Self.manifest(evaluator: evaluator, gate: "    " + gate),
            "data/qa.jsonl": "{\"input\": 1}\n",
        ])
        #expect(errors.contains { $0.contains(expected) }, "\(errors)")
        let fine = try Self.errors([
            "experiments.yaml": Self.manifest(evaluator: evaluator, gate: "    gates: { judge: { min_mean: 3.5 } }"),
            "data/qa.jsonl": "{\"input\": 1}\n",
        ])
        #expect(fine.isEmpty, "\(fine)")
    }

    /// A large file is streamed: memory stays bounded by a line, not the file.
    @Test func aLargeFileIsHashedInOnePass() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let line = #"{"input": "a question that is long enough to matter", "expected_output": "an answer"}"# + "\n"
        let rows = 50_000
        try directory.write("big.jsonl", String(repeating: line, count: rows))
        let path = directory.path("big.jsonl")
        let summary = try DatasetFile.summarize(
            path: path, format: .jsonl, columns: [:], location: SourceLocation(file: path, line: 1, column: 1))
        #expect(summary.rowCount == rows)
    }
}
