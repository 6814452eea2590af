import Foundation
import RespanCore
import TestSupport
import Testing

/// Cost estimates, `--max-cost` and `pricing:` through the built binary.
@Suite struct CostCommandTests {
    static func manifest(
        model: String = "gpt-4o", maxTokens: String = "max_tokens: 100", pricing: String = ""
    ) -> String {
        """
        version: 1
        \(pricing)
        experiments:
          answer:
            dataset_id: ds_support_qa_2024
            evaluator_ids: [eval_quality]
            workflow: [{ type: completion, config: { model: \(model), \(maxTokens) } }]
        """
    }

    /// The sandbox's actual cost follows the model's list price (the table the estimate
    /// uses): per token, gpt-4o-mini costs between its input and output price ($0.15–$0.60 per
    /// million) and gpt-4o between its own ($2.50–$10.00); both once cost $2 per million.
    @Test func theSandboxsActualCostFollowsTheModelsPrice() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write(
            "experiments.yaml",
            """
            version: 1
            experiments:
              large:
                dataset_id: ds_support_qa_2024
                evaluator_ids: [eval_quality]
                workflow: [{ type: completion, config: { model: gpt-4o } }]
              small:
                dataset_id: ds_support_qa_2024
                evaluator_ids: [eval_quality]
                workflow: [{ type: completion, config: { model: gpt-4o-mini } }]
            """)
        let apply = try await CLI.run(["apply", "--sandbox", "--auto-approve", "--wait"], in: directory.url)
        #expect(apply.status == 0, "\(apply.stderr)")
        let results = try await CLI.run(["results", "--sandbox", "--format", "json"], in: directory.url)
        let experiments = try JSONValue(parsing: results.stdout)["experiments"]?.arrayValue ?? []
        func perMillion(_ key: String) -> Double {
            let result = experiments.first { $0["key"] == .string(key) }
            let cost = result?["cost"]?.numberValue?.doubleValue ?? 0
            let tokens = result?["tokens"]?.numberValue?.doubleValue ?? 0
            return tokens > 0 ? cost / tokens * 1e6 : -1
        }
        #expect((0.15...0.6).contains(perMillion("small")), "\(results.stdout)")
        #expect((2.5...10).contains(perMillion("large")), "\(results.stdout)")
    }

    /// 36 rows × (250 assumed prompt tokens × $2.50 + 100 max_tokens × $10.00) per million
    /// = 36 × (0.000625 + 0.001) = $0.0585.
    @Test func theEstimateEqualsTheHandComputedFigure() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("experiments.yaml", Self.manifest())
        let result = try await CLI.run(["plan", "--sandbox", "--format", "json"], in: directory.url)
        #expect(result.status == 0, "\(result.stderr)")
        let cost = try #require(try JSONValue(parsing: result.stdout)["cost"])
        #expect(cost["estimate"] == true)
        let run = try #require(cost["runs"]?.arrayValue?.first)
        #expect(run["rows"] == 36)
        #expect(run["input_tokens"] == 9000)
        #expect(run["output_tokens"] == 3600)
        #expect(abs((run["dollars"]?.numberValue?.doubleValue ?? 0) - 0.0585) < 1e-9)
        let text = try await CLI.run(["plan", "--sandbox"], in: directory.url)
        #expect(text.stdout.contains("answer: 36 rows, ~12600 tokens (9000 in, 3600 out), ~$0.0585"))
        #expect(text.stdout.contains("an estimate"))
    }

    /// A managed dataset's rows are read anyway: the estimate counts their input (3 rows of
    /// 400 characters: 100 prompt tokens a row, not the 250 assumed for a dataset on Respan),
    /// and a completion without max_tokens is counted at Respan's default, 150, saying so.
    @Test func aManagedDatasetsInputLengthAndRespansDefaultMaxTokensAreCounted() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write(
            "experiments.yaml",
            """
            version: 1
            datasets: { qa: { file: qa.jsonl } }
            evaluators: { quality: { id: eval_quality } }
            experiments:
              answer:
                dataset: qa
                evaluators: [quality]
                workflow: [{ type: completion, config: { model: gpt-4o } }]
            """)
        let text = String(repeating: "x", count: 400)
        try directory.write(
            "qa.jsonl", (1...3).map { _ in #"{"input": "\#(text)"}"# }.joined(separator: "\n"))
        let result = try await CLI.run(["plan", "--sandbox", "--format", "json"], in: directory.url)
        #expect(result.status == 0, "\(result.stderr)")
        let run = try #require(try JSONValue(parsing: result.stdout)["cost"]?["runs"]?.arrayValue?.first)
        #expect(run["input_tokens"] == 300, "\(run)")
        #expect(run["output_tokens"] == 450)
        let plan = try await CLI.run(["plan", "--sandbox"], in: directory.url)
        #expect(
            plan.stdout.contains("max_tokens unset for gpt-4o: Respan's default 150, which cuts longer answers short"),
            "\(plan.stdout)")
        #expect(!plan.stdout.contains("prompt tokens a row"))
    }

    @Test func aBudgetBelowTheEstimateExitsFourAndStartsNothing() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("experiments.yaml", Self.manifest())
        let plan = try await CLI.run(["plan", "--sandbox", "--max-cost", "0.05"], in: directory.url)
        #expect(plan.status == 4)
        #expect(plan.stderr.contains("above --max-cost $0.0500; the most expensive: answer ~$0.0585"))
        let apply = try await CLI.run(
            ["apply", "--sandbox", "--auto-approve", "--max-cost", "$0.05"], in: directory.url)
        #expect(apply.status == 4)
        #expect(apply.stdout.contains("Nothing was started") || apply.stderr.contains("Nothing was started"))
        #expect(!FileManager.default.fileExists(atPath: directory.path("experiments.lock")))
        let fits = try await CLI.run(["apply", "--sandbox", "--auto-approve", "--max-cost", "0.06"], in: directory.url)
        #expect(fits.status == 0, "\(fits.stderr)")
    }

    /// A model the table does not know is "price unknown", never zero, and fails a budget.
    @Test func anUnknownModelIsNeverCountedAsZero() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("experiments.yaml", Self.manifest(model: "my-finetune"))
        let plan = try await CLI.run(["plan", "--sandbox", "--max-cost", "100"], in: directory.url)
        #expect(plan.status == 4)
        #expect(plan.stdout.contains("price unknown (no price for my-finetune)"))
        #expect(plan.stderr.contains("cannot be checked"))
        try directory.write(
            "experiments.yaml",
            Self.manifest(model: "my-finetune", pricing: "pricing:\n  my-finetune: { input: 1, output: 2 }"))
        let priced = try await CLI.run(["plan", "--sandbox", "--max-cost", "100"], in: directory.url)
        #expect(priced.status == 0, "\(priced.stderr)")
        // 36 × (250 × 1 + 100 × 2) / 1e6 = $0.0162
        #expect(priced.stdout.contains("~$0.0162"))
    }

    @Test func badPricesAndBudgetsAreErrors() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write(
            "experiments.yaml", Self.manifest(pricing: "pricing:\n  gpt-4o: { input: -1, output: 2 }"))
        let invalid = try await CLI.run(["validate"], in: directory.url)
        #expect(invalid.status == 1)
        #expect(invalid.stderr.contains("experiments.yaml:3:"))
        #expect(invalid.stderr.contains("cannot be negative"))
        try directory.write("experiments.yaml", Self.manifest())
        let budget = try await CLI.run(["plan", "--sandbox", "--max-cost", "lots"], in: directory.url)
        #expect(budget.status == 1)
        #expect(budget.stderr.contains("--max-cost takes US dollars"))
    }

    @Test(arguments: [("repeats: 0", "from 1 to 100; got 0"), ("repeats: 101", "from 1 to 100; got 101")])
    func repeatsOutOfRangeAreLocatedErrors(_ line: String, _ message: String) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("experiments.yaml", Self.manifest() + "\n    \(line)")
        let result = try await CLI.run(["validate"], in: directory.url)
        #expect(result.status == 1)
        #expect(result.stderr.contains("experiments.yaml:8:"))
        #expect(result.stderr.contains(message))
    }

    @Test func repeatsAreKeyedAndStable() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("experiments.yaml", Self.manifest() + "\n    repeats: 2")
        let render = try await CLI.run(["render"], in: directory.url)
        let keys = try JSONValue(parsing: render.stdout)["experiments"]?.objectValue?.keys.sorted()
        #expect(keys == ["answer#1", "answer#2"])
        _ = try await CLI.run(["apply", "--sandbox", "--auto-approve"], in: directory.url)
        try directory.write("experiments.yaml", Self.manifest() + "\n    repeats: 3")
        let more = try await CLI.run(["plan", "--sandbox"], in: directory.url)
        #expect(more.stdout.contains("Plan: 1 to create, 0 to update, 0 to replace, 0 to delete."))
        try directory.write("experiments.yaml", Self.manifest() + "\n    repeats: 1")
        let fewer = try await CLI.run(["plan", "--sandbox"], in: directory.url)
        #expect(fewer.stdout.contains("No changes"))
        #expect(fewer.stdout.contains("--prune deletes it"))
    }
}
