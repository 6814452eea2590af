import Foundation
import TestSupport
import Testing

/// What `plan` shows for a nested change, through the built binary (issue 8, item 10).
@Suite struct PlanTextOutputTests {
    /// A model change shows the one path that changed, not the whole workflow twice, and
    /// output that is not a terminal carries no colour codes.
    @Test func aModelChangeShowsItsPathAndHidesTheRest() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let quickstart = try String(
            contentsOf: Paths.examples.appendingPathComponent("quickstart/experiments.yaml"), encoding: .utf8)
        try directory.write("experiments.yaml", quickstart)
        let applied = try CLI.run(["apply", "--sandbox", "--auto-approve"], in: directory.url)
        #expect(applied.status == 0, "\(applied.stderr)")
        try directory.write(
            "experiments.yaml", quickstart.replacingOccurrences(of: "model: gpt-4o-mini,", with: "model: gpt-4o,"))
        let plan = try CLI.run(["plan", "--sandbox"], in: directory.url)
        #expect(plan.status == 0, "\(plan.stderr)")
        #expect(
            plan.stdout.contains(
                """
                      ~ workflow[0].config.model: "gpt-4o-mini" → "gpt-4o"  # forces replacement
                        # (3 unchanged values hidden)

                """))
        #expect(!plan.stdout.contains(#"[{"config""#))
        #expect(!plan.stdout.contains("\u{1B}["))
        let markdown = try CLI.run(["plan", "--sandbox", "--format", "markdown"], in: directory.url)
        #expect(markdown.stdout.contains("\n~       workflow[0].config.model: \"gpt-4o-mini\" → \"gpt-4o\""))
    }
}
