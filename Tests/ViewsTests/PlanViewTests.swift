import RespanCore
import Testing

@testable import Applying
@testable import Lockfiles
@testable import Planning
@testable import Views

/// The text, JSON and Markdown views over hand-built plans.
@Suite struct PlanViewTests {
    static func workflow(model: String) -> JSONValue {
        [["type": "completion", "config": ["model": .string(model), "temperature": 0.2, "max_tokens": 256]]]
    }

    static func change(
        _ key: String, _ action: PlanAction, remoteID: String? = nil, fields: [FieldChange]
    ) -> PlannedChange {
        PlannedChange(
            key: key, action: action, remoteID: remoteID, newID: nil, body: nil, applied: nil, fields: fields,
            drift: [], reason: nil, recreate: false, location: nil)
    }

    /// One of each action: a create, an update of a name and tags, a model change that
    /// replaces, and a delete.
    static let plan = Plan(
        changes: [
            change(
                "new", .create, fields: [FieldChange(field: "name", before: nil, after: "n", forcesReplacement: false)]),
            change(
                "renamed", .update, remoteID: "exp_1",
                fields: [
                    FieldChange(field: "description", before: "old", after: nil, forcesReplacement: false),
                    FieldChange(field: "name", before: "a", after: "b", forcesReplacement: false),
                    FieldChange(
                        field: "tags", before: ["team": "nlp"], after: ["team": "nlp", "run": "2"],
                        forcesReplacement: false),
                ]),
            change(
                "model", .replace, remoteID: "exp_2",
                fields: [
                    FieldChange(
                        field: "workflow", before: workflow(model: "gpt-4o-mini"), after: workflow(model: "gpt-4o"),
                        forcesReplacement: true)
                ]),
            change("gone", .delete, remoteID: "exp_3", fields: []),
        ],
        orphaned: [], moves: [], refreshRequests: 1)

    @Test func textShowsNestedChangesAsPathsWithUnchangedValuesCounted() {
        #expect(
            PlanTextView().render(Self.plan) == """
                respan-plan will perform these actions:

                  # new will be created
                  + new
                      + name: "n"

                  # renamed will be updated in place
                  ~ renamed (exp_1)
                      - description: "old" → (server default)
                      ~ name: "a" → "b"
                      + tags.run: "2"
                        # (1 unchanged value hidden)

                  # model will be replaced in place with PUT (replace_strategy: put; a new experiment if no new run starts)
                  -/+ model (exp_2)
                      ~ workflow[0].config.model: "gpt-4o-mini" → "gpt-4o"  # forces replacement
                        # (3 unchanged values hidden)

                  # gone will be deleted
                  - gone (exp_3)

                Plan: 1 to create, 1 to update, 1 to replace, 1 to delete.

                """)
    }

    @Test func colorsPaintEachSymbolAndOnlyWhenAsked() {
        let colored = PlanTextView(colors: true).render(Self.plan)
        #expect(colored.contains("  \u{1B}[32m+\u{1B}[0m new\n"))
        #expect(colored.contains("  \u{1B}[33m~\u{1B}[0m renamed (exp_1)\n"))
        #expect(colored.contains("  \u{1B}[35m-/+\u{1B}[0m model (exp_2)\n"))
        #expect(colored.contains("  \u{1B}[31m-\u{1B}[0m gone (exp_3)\n"))
        #expect(colored.contains("      \u{1B}[31m-\u{1B}[0m description:"))
        #expect(!PlanTextView().render(Self.plan).contains("\u{1B}"))
        #expect(!PlanMarkdownView().render(Self.plan).contains("\u{1B}"))
    }

    @Test func jsonCarriesTheSamePaths() throws {
        let document = PlanJSONView().document(Self.plan)
        let replaced = try #require(document["changes"]?.arrayValue?[2]["fields"]?.arrayValue?.first)
        #expect(
            replaced["paths"] == [
                [
                    "path": "workflow[0].config.model", "action": "update", "before": "gpt-4o-mini",
                    "after": "gpt-4o", "has_before": true, "has_after": true,
                ]
            ])
        #expect(replaced["unchanged_values"] == 3)
        let added = try #require(document["changes"]?.arrayValue?[1]["fields"]?.arrayValue?[2]["paths"])
        #expect(
            added == [
                [
                    "path": "tags.run", "action": "create", "before": nil, "after": "2", "has_before": false,
                    "has_after": true,
                ]
            ])
        #expect(document["format_version"] == 1)
    }

    /// GitHub colours a `diff` block by the first column, so the symbols go there.
    @Test func markdownDiffPutsTheSymbolInTheFirstColumn() throws {
        let text = PlanMarkdownView().render(Self.plan)
        let start = try #require(text.range(of: "```diff\n")), end = try #require(text.range(of: "\n```\n"))
        let diff = text[start.upperBound..<end.lowerBound].split(separator: "\n", omittingEmptySubsequences: false)
        #expect(diff.contains("+   new"))
        #expect(diff.contains("+       name: \"n\""))
        #expect(diff.contains("~   renamed (exp_1)"))
        #expect(diff.contains("-       description: \"old\" → (server default)"))
        #expect(diff.contains("+       tags.run: \"2\""))
        #expect(diff.contains("-/+   model (exp_2)"))
        #expect(diff.contains("~       workflow[0].config.model: \"gpt-4o-mini\" → \"gpt-4o\"  # forces replacement"))
        #expect(diff.contains("        # (3 unchanged values hidden)"))
        #expect(diff.contains("-   gone (exp_3)"))
        #expect(diff.contains("  # gone will be deleted"))
    }

    @Test func aPlanWithoutChangesSaysSo() {
        let empty = Plan(changes: [], orphaned: [], moves: [], refreshRequests: 1)
        #expect(PlanTextView().render(empty) == "No changes. The experiments on Respan match the manifest.\n")
    }
}
