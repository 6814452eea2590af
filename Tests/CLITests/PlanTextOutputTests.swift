import Foundation
import RespanCore
import TestSupport
import Testing

/// What `plan` shows for a nested change, through the built binary.
@Suite struct PlanTextOutputTests {
    /// A model change shows the one path that changed, not the whole workflow twice, and
    /// output that is not a terminal carries no colour codes.
    @Test func aModelChangeShowsItsPathAndHidesTheRest() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let quickstart = try String(
            contentsOf: Paths.examples.appendingPathComponent("quickstart/experiments.yaml"), encoding: .utf8)
        try directory.write("experiments.yaml", quickstart)
        let applied = try await CLI.run(["apply", "--sandbox", "--auto-approve"], in: directory.url)
        #expect(applied.status == 0, "\(applied.stderr)")
        try directory.write(
            "experiments.yaml", quickstart.replacingOccurrences(of: "model: gpt-4o-mini,", with: "model: gpt-4o,"))
        let plan = try await CLI.run(["plan", "--sandbox"], in: directory.url)
        #expect(plan.status == 0, "\(plan.stderr)")
        #expect(
            plan.stdout.contains(
                """
                      ~ workflow[0].config.model: "gpt-4o-mini" → "gpt-4o"  # forces replacement
                        # (3 unchanged values hidden)

                """))
        #expect(!plan.stdout.contains(#"[{"config""#))
        #expect(!plan.stdout.contains("\u{1B}["))
        let markdown = try await CLI.run(["plan", "--sandbox", "--format", "markdown"], in: directory.url)
        #expect(markdown.stdout.contains("\n~       workflow[0].config.model: \"gpt-4o-mini\" → \"gpt-4o\""))
    }

    /// A plan of more changes than a person reads before a prompt is summarised by action and
    /// key pattern; `--verbose` lists every change, and JSON has them all.
    @Test func aLargePlanIsSummarisedByKeyPatternUnlessVerbose() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let values = (1...60).map { "m\($0)" }.joined(separator: ", ")
        try directory.write(
            "experiments.yaml",
            """
            version: 1
            datasets: { qa: { id: ds_support_qa_2024 } }
            evaluators: { quality: { id: eval_quality } }
            defaults: { dataset: qa, evaluators: [quality] }
            experiments:
              sweep:
                matrix: { model: [\(values)] }
                workflow: [{ type: completion, config: { model: "${{ matrix.model }}" } }]
              alone:
                workflow: [{ type: completion, config: { model: gpt-4o } }]
            """)
        let plan = try await CLI.run(["plan", "--sandbox"], in: directory.url)
        #expect(plan.status == 0, "\(plan.stderr)")
        #expect(plan.stdout.contains("respan-plan will perform 61 changes, more than the 50 listed one by one"))
        #expect(plan.stdout.contains("  + 61 to create: sweep[*] (60), alone\n"), "\(plan.stdout)")
        #expect(!plan.stdout.contains("sweep[model=m1]"))
        #expect(plan.stdout.split(separator: "\n").count < 30, "\(plan.stdout)")
        let verbose = try await CLI.run(["plan", "--sandbox", "--verbose"], in: directory.url)
        #expect(verbose.stdout.contains("# sweep[model=m1] will be created"), "\(verbose.stdout)")
        let json = try await CLI.run(["plan", "--sandbox", "--format", "json"], in: directory.url)
        #expect(try JSONValue(parsing: json.stdout)["changes"]?.arrayValue?.count == 61)
    }
}
