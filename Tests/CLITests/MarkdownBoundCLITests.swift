import Foundation
import TestSupport
import Testing

/// Markdown for a pull-request comment stays under GitHub's 65,536-character limit counted in
/// UTF-8 bytes, with a margin: a 200-experiment suite whose keys are mostly emoji (4 bytes each)
/// is cut between table rows, every table and `<details>` closed before the note.
@Suite struct MarkdownBoundCLITests {
    static var manifest: String {
        let emoji = ["😀", "🚀", "🧪", "🌈", "🔥", "🎯", "🐙", "🍕", "⚡", "🦄"]
        let values = (0..<200).map { index in
            "\"" + (0..<12).map { emoji[(index + $0) % 10] }.joined() + String(format: "%03d", index) + "\""
        }
        return """
            version: 1
            evaluators:
              quality: { id: eval_quality }
            experiments:
              suite:
                matrix: { tag: [\(values.joined(separator: ", "))] }
                dataset_id: ds_support_qa_2024
                evaluators: [quality]
                workflow: [{ type: completion, config: { model: gpt-4o-mini } }]
                gates: { quality: { min_mean: 0.99 } }
            """
    }

    static func expectBoundedAndClosed(_ markdown: String) {
        #expect(markdown.utf8.count <= 60_000, "\(markdown.utf8.count) bytes")
        let parts = markdown.components(separatedBy: "\n_Left out to stay within GitHub's comment limit: ")
        #expect(parts.count == 2, "no note saying what was left out")
        let body = parts[0]
        #expect(body.hasSuffix("\n\n"), "the table or block before the note is not closed")
        #expect(body.components(separatedBy: "<details>").count == body.components(separatedBy: "</details>").count)
        #expect(body.components(separatedBy: "```").count % 2 == 1, "a code block is left open")
        OutputEscapingCLITests.expectWholeTableRows(body)
    }

    @Test func aLargeSuiteWithEmojiKeysStaysUnderTheLimitInBytes() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("experiments.yaml", Self.manifest)
        let plan = try await CLI.run(["plan", "--sandbox", "--format", "markdown"], in: directory.url)
        #expect(plan.status == 0, "\(plan.stderr)")
        Self.expectBoundedAndClosed(plan.stdout)
        #expect(try await CLI.run(["apply", "--sandbox", "--auto-approve", "--wait"], in: directory.url).status == 0)
        let results = try await CLI.run(["results", "--sandbox", "--format", "markdown"], in: directory.url)
        #expect(results.status == 3)
        #expect(results.stdout.hasPrefix("### respan-plan results\n\n❌ **200 of 200 gates failed**"))
        Self.expectBoundedAndClosed(results.stdout)
    }
}
