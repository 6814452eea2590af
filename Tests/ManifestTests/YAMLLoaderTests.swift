import Manifest
import RespanCore
import Testing

@Suite struct YAMLLoaderTests {
    func load(_ text: String, limits: YAMLLimits = YAMLLimits()) -> (YAMLNode?, DiagnosticList) {
        let (node, diagnostics) = YAMLLoader.loadDocument(Array(text.utf8), file: "t.yaml", limits: limits)
        return (node, diagnostics)
    }

    @Test func everyNodeKeepsOneBasedLineAndColumn() throws {
        let (node, _) = load("a:\n  b: [1, \"é\", x]\n")
        let b = try #require(node?.mapping?.first?.value.mapping?.first)
        #expect(b.key.location == SourceLocation(file: "t.yaml", line: 2, column: 3))
        let items = try #require(b.value.sequence)
        #expect(items.map(\.location.column) == [7, 10, 15])
    }

    @Test func billionLaughsIsRefusedQuickly() {
        var text = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        var previous = "a"
        for name in ["b", "c", "d", "e", "f", "g", "h", "i", "j"] {
            text += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ", ") + "]\n"
            previous = name
        }
        let (_, diagnostics) = load(text)
        #expect(diagnostics.sorted.first?.message.contains("billion laughs") == true)
    }

    @Test func aliasExpansionBelowTheLimitWorks() throws {
        var limits = YAMLLimits()
        limits.maxAliasExpansion = 30
        let (node, diagnostics) = load("a: &a [1, 2, 3]\nb: [*a, *a, *a]\n", limits: limits)
        #expect(!diagnostics.hasErrors)
        var conversion = DiagnosticList()
        #expect(
            node?.jsonValue(diagnostics: &conversion) == ["a": [1, 2, 3], "b": [[1, 2, 3], [1, 2, 3], [1, 2, 3]]])
        let (_, refused) = load("a: &a [1, 2, 3]\nb: [*a, *a, *a, *a, *a, *a, *a, *a]\n", limits: limits)
        #expect(refused.hasErrors)
    }

    @Test func duplicateKeysPointAtBothPlacesButMergedKeysDoNotClash() throws {
        let (_, diagnostics) = load("a: 1\nb: 2\na: 3\n")
        let duplicate = try #require(diagnostics.sorted.first)
        #expect(duplicate.location?.line == 3)
        #expect(duplicate.notes.first?.location?.line == 1)
        let (_, merged) = load("base: &b { a: 1 }\nuse: { <<: *b, a: 2 }\n")
        #expect(!merged.hasErrors)
    }

    @Test func keysThatBecomeTheSameJSONKeyOrValueAreDuplicates() throws {
        for text in ["a: { \"50256\": 1, 50256: 2 }\n", "a: { b: { '7': 1, 7: 2 } }\n", "a: { 1.0: x, 1.00: y }\n"] {
            let (_, diagnostics) = load(text)
            let duplicate = try #require(diagnostics.sorted.first, "\(text)")
            #expect(duplicate.message.hasPrefix("duplicate key"), "\(text)")
            #expect(duplicate.notes.first?.message.hasSuffix("is first defined here") == true)
            #expect(duplicate.notes.first?.location != duplicate.location)
        }
        let (_, merged) = load("base: &b { '1': x }\nuse: { <<: *b, 1: y }\n")
        #expect(!merged.hasErrors, "an explicit key still wins over a merged one")
    }

    @Test func crlfAndLoneCRLineEndingsCountLinesLikeLF() throws {
        for text in ["a: 1\r\nb:\r\n  c: [x, y]\r\n", "a: 1\rb:\r  c: [x, y]\r", "a: 1\nb:\n  c: [x, y]"] {
            let (node, _) = load(text)
            let c = try #require(node?.mapping?.last?.value.mapping?.first)
            #expect(c.key.location == SourceLocation(file: "t.yaml", line: 3, column: 3))
            #expect(c.value.sequence?.map(\.location.column) == [7, 10])
        }
    }

    @Test func aBadCharacterAfterCRLFOrCRLinesIsLocatedLikeAfterLF() throws {
        for text in ["a: 1\r\nb: 2\r\nc: x\u{7}", "a: 1\rb: 2\rc: x\u{7}", "\u{FEFF}a: 1\nb: 2\nc: x\u{7}"] {
            let (_, diagnostics) = load(text)
            #expect(diagnostics.sorted.first?.location == SourceLocation(file: "t.yaml", line: 3, column: 5))
        }
    }

    @Test func explicitTagsOverridePlainResolution() throws {
        let (node, _) = load("a: !!str 12\nb: !!float 3\nc: '12'\nd: !custom 12\n")
        var conversion = DiagnosticList()
        let value = node?.jsonValue(diagnostics: &conversion)
        #expect(value?["a"] == "12")
        #expect(value?["b"]?.numberValue?.text == "3.0")
        #expect(value?["c"] == "12")
        #expect(value?["d"] == "12")
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let text = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let (_, diagnostics) = load(text)
        #expect(diagnostics.sorted.first?.message == "nesting is deeper than 256 levels")
    }
}
