import Foundation
import TestSupport
import Testing

/// `results --format html`: one self-contained page (inline styles, inline SVG, a policy that
/// allows no fetch) with the verdict, the gates, the score distributions, the paired differences
/// and the worst regressed rows, values escaped. The rendering in a real browser is checked by
/// scripts/check-html-report (headless chromium).
@Suite struct ResultsHTMLCLITests {
    @Test func aSelfContainedPageAndTheWordLevelDifferenceInEveryFormat() async throws {
        let gate = "max_regression: 0.05"
        let directory = try await BaselineScenario.applied(
            baseline: ResultsCommandTests.manifest(model: "gpt-4.1", gate: gate),
            current: ResultsCommandTests.manifest(model: "gpt-4o", gate: gate))
        defer { directory.remove() }
        let result = try await CLI.run(
            ["results", "--sandbox", "--baseline", "main.lock", "--format", "html"], in: directory.url)
        #expect(result.status == 3, "\(result.stderr)")
        let page = result.stdout
        #expect(page.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(page.contains("content=\"default-src 'none'; style-src 'unsafe-inline'\""))
        #expect(page.range(of: #"\b(src|href)\s*=|url\(|@import|<script"#, options: .regularExpression) == nil)
        #expect(page.contains("<p class=\"verdict fail\">1 of 1 gates failed · compared with main.lock</p>"))
        #expect(page.components(separatedBy: "<svg ").count - 1 == 2, "a distribution and the paired differences")
        #expect(page.contains("<h3>Worst regressed rows · quality</h3>"))
        #expect(page.contains("<td>How do I"))
        #expect(page.contains("<td><del>[gpt-4.1]</del> Steps to"), "the word-level difference")
        #expect(page.contains("<td><ins>[gpt-4o]</ins> Steps to"))
        // One scenario for every format: the worst rows carry their word-level difference in
        // Markdown and text too.
        let markdown = try await CLI.run(
            ["results", "--sandbox", "--baseline", "main.lock", "--format", "markdown"], in: directory.url)
        #expect(markdown.stdout.contains("| <del>\\[gpt-4.1\\]</del> Steps to"), "\(markdown.stdout)")
        #expect(markdown.stdout.contains("| <ins>\\[gpt-4o\\]</ins> Steps to"))
        let text = try await CLI.run(["results", "--sandbox", "--baseline", "main.lock"], in: directory.url)
        #expect(text.stdout.contains("      baseline: [-[gpt-4.1]-] Steps to"), "\(text.stdout)")
        #expect(text.stdout.contains("      now:      {+[gpt-4o]+} Steps to"))
    }
}
