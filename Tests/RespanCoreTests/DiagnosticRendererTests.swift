import RespanCore
import Testing

@Suite struct DiagnosticRendererTests {
    let at = SourceLocation(file: "m.yaml", line: 2, column: 5)

    @Test func textShowsTheSourceLineAndACaret() {
        let renderer = DiagnosticRenderer(sources: ["m.yaml": "version: 1\n\tx  bad: 1\n"])
        let text = renderer.text([
            .error("boom", at: at, notes: [.init("see here", at: SourceLocation(file: "m.yaml", line: 1, column: 1))])
        ])
        #expect(
            text == """
                m.yaml:2:5: error: boom
                 2 | \tx  bad: 1
                   | \t   ^
                m.yaml:1:1: note: see here
                 1 | version: 1
                   | ^

                """)
    }

    @Test(arguments: ["\n", "\r\n", "\r"])
    func everyLineEndingShowsTheSameLinesAndCarets(_ newline: String) {
        let lines = ["version: 1", "a:", "  b: bad"]
        let expected = """
            m.yaml:1:10: error: first
             1 | version: 1
               |          ^
            m.yaml:3:6: error: last
             3 |   b: bad
               |      ^

            """
        for text in [lines.joined(separator: newline), lines.joined(separator: newline) + newline] {
            let renderer = DiagnosticRenderer(sources: ["m.yaml": text])
            let located = [(1, 10, "first"), (3, 6, "last")].map {
                Diagnostic.error($0.2, at: SourceLocation(file: "m.yaml", line: $0.0, column: $0.1))
            }
            #expect(renderer.text(located) == expected)
        }
    }

    @Test func aLineOutsideTheFileShowsNoSourceLine() {
        let renderer = DiagnosticRenderer(sources: ["m.yaml": "a: 1\r\n"])
        let text = renderer.text([.error("end", at: SourceLocation(file: "m.yaml", line: 3, column: 1))])
        #expect(text == "m.yaml:3:1: error: end\n")
    }

    @Test func githubAnnotationsEscapeTheirFields() {
        let location = SourceLocation(file: "a,b:c.yaml", line: 3, column: 7)
        let text = DiagnosticRenderer.githubAnnotations([.error("50% bad\nreally", at: location)])
        #expect(text == "::error file=a%2Cb%3Ac.yaml,line=3,col=7::50%25 bad%0Areally\n")
    }

    @Test func jsonIsVersionedAndCountsBySeverity() {
        let document = DiagnosticRenderer.json([.error("e", at: at), .warning("w", at: nil)])
        #expect(document["format_version"] == 1)
        #expect(document["error_count"] == 1)
        #expect(document["warning_count"] == 1)
        #expect(
            document["diagnostics"]?.arrayValue?.first == [
                "message": "e", "severity": "error", "file": "m.yaml", "line": 2, "column": 5, "notes": [],
            ])
    }

    @Test func diagnosticListSortsByPositionAndDropsRepeats() {
        var list = DiagnosticList()
        list.error("late", at: SourceLocation(file: "m.yaml", line: 9, column: 1))
        list.error("early", at: SourceLocation(file: "m.yaml", line: 2, column: 3))
        list.error("early", at: SourceLocation(file: "m.yaml", line: 2, column: 3))
        list.error("placeless", at: nil)
        #expect(list.sorted.map(\.message) == ["placeless", "early", "late"])
    }
}
