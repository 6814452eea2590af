import Foundation
import RespanCore
import TestSupport
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Values that would break where they land: a `|`, a backtick, a newline, an escape sequence
/// and a non-character in matrix values, through plan and results in every format.
@Suite struct OutputEscapingCLITests {
    static let manifest = #"""
        version: 1
        evaluators:
          quality: { id: eval_quality }
        experiments:
          suite:
            matrix: { tag: ["a|b`c", "line\nbreak", "esc\u001b[31mred", "bad\uFFFEchar", "<b>&\"q"] }
            dataset_id: ds_support_qa_2024
            evaluators: [quality]
            workflow: [{ type: completion, config: { model: gpt-4o-mini } }]
            gates: { quality: { min_mean: 0.99 } }
        """#

    /// Every table row of a Markdown text starts and ends with a pipe (no value split it) and
    /// has as many unescaped pipes as its table's header.
    static func expectWholeTableRows(_ markdown: String) {
        var columns = 0
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) where line.hasPrefix("|") {
            let pipes = line.replacingOccurrences(of: "\\|", with: "").count { $0 == "|" }
            if line.hasPrefix("|---") { continue }
            if columns == 0 || !line.hasPrefix("| ") || line.contains("| experiment |") || line.contains("| action |")
                || line.contains("| baseline → now |")
            {
                columns = pipes
            }
            #expect(line.hasSuffix("|") && pipes == columns, "\(line)")
        }
    }

    @Test func everyViewEscapesForItsFormat() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("experiments.yaml", Self.manifest)
        let plan = try await CLI.run(["plan", "--sandbox", "--format", "markdown"], in: directory.url)
        #expect(plan.status == 0, "\(plan.stderr)")
        #expect(plan.stdout.contains("| + create | ``suite[tag=a\\|b`c]`` |"), "\(plan.stdout)")
        #expect(plan.stdout.contains("`suite[tag=line break]`"))
        #expect(!plan.stdout.contains("\u{1B}") && plan.stdout.contains("esc\\u{1B}[31mred"))
        Self.expectWholeTableRows(plan.stdout)
        #expect(try await CLI.run(["apply", "--sandbox", "--auto-approve", "--wait"], in: directory.url).status == 0)

        let markdown = try await CLI.run(["results", "--sandbox", "--format", "markdown"], in: directory.url)
        #expect(markdown.stdout.contains("| ``suite[tag=a\\|b`c]`` | quality |"), "\(markdown.stdout)")
        #expect(!markdown.stdout.contains("\u{1B}"))
        Self.expectWholeTableRows(markdown.stdout)

        let text = try await CLI.run(["results", "--sandbox"], in: directory.url)
        #expect(!text.stdout.contains("\u{1B}"), "a raw escape sequence reached the terminal")
        #expect(text.stdout.contains("suite[tag=esc\\u{1B}[31mred] (exp_"))
        #expect(text.stdout.contains("suite[tag=line\\nbreak] (exp_"))

        let html = try await CLI.run(["results", "--sandbox", "--format", "html"], in: directory.url)
        #expect(html.stdout.hasPrefix("<!DOCTYPE html>") && html.stdout.hasSuffix("</html>\n"))
        #expect(html.stdout.contains("<code>suite[tag=a|b`c]</code>"), "\(html.stdout)")
        #expect(!html.stdout.contains("\u{1B}") && !html.stdout.contains("\u{FFFE}"))
        #expect(html.stdout.contains("suite[tag=&lt;b&gt;&amp;&quot;q]"), "markup in a value is escaped")
        #expect(!html.stdout.contains("<b>&"))

        let junit = try await CLI.run(["results", "--sandbox", "--format", "junit"], in: directory.url)
        #expect(!junit.stdout.contains("\u{FFFE}") && !junit.stdout.contains("\u{1B}"))
        let document = try XMLDocument(data: Data(junit.stdout.utf8))
        #expect(try document.nodes(forXPath: "//testcase").count == 5)
    }
}
