import Testing

@testable import RespanCore

@Suite struct SourceExcerptTests {
    @Test func linesSplitAtEveryBreakLibYAMLCounts() {
        let lines = SourceLines("\u{FEFF}a\r\nb\rc\nd\u{85}e\u{2028}f\u{2029}g")
        #expect((1...7).map { lines[$0] } == ["a", "b", "c", "d", "e", "f", "g"])
        #expect(lines[0] == nil)
        #expect(lines[8] == nil)
        #expect(SourceLines("a\n")[2] == "")
    }

    @Test func aShortLineIsShownWhole() {
        let excerpt = SourceExcerpt(line: "  key: value", column: 3)
        #expect(excerpt == SourceExcerpt(line: "  key: value", column: 3))
        #expect(excerpt.text == "  key: value")
        #expect(excerpt.caretLead == "  ")
    }

    @Test func theCaretLeadKeepsTabsAndCountsCells() {
        // Columns count scalars: "é" written as e + U+0301 is two columns but one cell.
        #expect(SourceExcerpt(line: "\tx: 1", column: 3).caretLead == "\t ")
        #expect(SourceExcerpt(line: "名前: x", column: 5).caretLead == "      ")
        #expect(SourceExcerpt(line: "e\u{301}: x", column: 5).caretLead == "   ")
        #expect(SourceExcerpt(line: "🙂: x", column: 4).caretLead == "    ")
    }

    @Test func aLongLineIsCutToAWindowAroundTheColumn() {
        let line = String((0..<1000).map { Character(UnicodeScalar(UInt8(97 + $0 % 26))) })
        let middle = SourceExcerpt(line: line, column: 501, maxWidth: 20)
        #expect(middle.text == "…" + line.dropFirst(490).prefix(20) + "…")
        #expect(middle.caretLead == String(repeating: " ", count: 11))
        let start = SourceExcerpt(line: line, column: 1, maxWidth: 20)
        #expect(start.text == line.prefix(20) + "…")
        #expect(start.caretLead == "")
        let end = SourceExcerpt(line: line, column: 1001, maxWidth: 20)
        #expect(end.text == "…" + line.suffix(20))
        #expect(end.caretLead == String(repeating: " ", count: 21))
    }
}
