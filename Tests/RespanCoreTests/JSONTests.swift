import RespanCore
import Testing

@Suite struct JSONTests {
    @Test(arguments: [
        ("1.50", "1.5"), ("15e-1", "1.5"), ("1e3", "1000.0"), ("-0.0", "0.0"), ("1.5e-7", "1.5e-7"),
        ("1e30", "1e30"), ("0.000001", "0.000001"),
        ("123456789012345678901234567890", "123456789012345678901234567890"),
        ("-12", "-12"), ("0.1000000000000000055511151231257827", "0.1000000000000000055511151231257827"),
    ])
    func numbersHaveOneCanonicalText(_ input: String, _ canonical: String) throws {
        #expect(try #require(JSONNumber(jsonLiteral: input)).text == canonical)
    }

    /// The decimal reader takes YAML's float spellings (`.5`, `5.`, a `+` sign) and refuses
    /// anything that is not ASCII digits, whatever the spelling (it reads bytes).
    @Test(arguments: [
        (".5", "0.5"), ("5.", "5.0"), ("+1e3", "1000.0"), ("-.25e+2", "-25.0"), ("007.50", "7.5"), ("0e5", "0.0"),
        ("1e+-2", "0.01"), ("12E2", "1200.0"),
    ])
    func floatSpellingsReadAsDecimals(_ input: String, _ canonical: String) throws {
        #expect(try #require(JSONNumber(floatText: input)).text == canonical)
    }

    @Test(arguments: [
        "", ".", "1.2.3", "1e", "1e--2", "e5", "+", "1 ", "\u{FF11}", "5\u{301}", "1_000", "0x1F", "1e2.5",
    ])
    func textThatIsNoDecimalIsRefused(_ input: String) {
        #expect(JSONNumber(floatText: input) == nil)
        #expect(JSONNumber(integerDigits: input) == nil)
    }

    @Test func integerDigitsDropLeadingZerosAndThePlusSign() throws {
        #expect(try #require(JSONNumber(integerDigits: "+0042")).text == "42")
        #expect(try #require(JSONNumber(integerDigits: "-0")).text == "0")
        #expect(JSONNumber(integerDigits: "4.2") == nil)
    }

    @Test func serializationSortsKeysAndIsCompactByDefault() throws {
        let value = try JSONValue(parsing: #"{"b": [1, 2.50, "x\n\u0001"], "a": {"é": null, "Z": true}}"#)
        #expect(value.serialized() == #"{"a":{"Z":true,"é":null},"b":[1,2.5,"x\n\u0001"]}"#)
        #expect(
            value.serialized(pretty: true) == """
                {
                  "a": {
                    "Z": true,
                    "é": null
                  },
                  "b": [
                    1,
                    2.5,
                    "x\\n\\u0001"
                  ]
                }
                """)
    }
}

/// The canonical writer: minimal escapes, keys in Unicode scalar order, pieces that join up.
@Suite struct JSONWriterTests {
    @Test func escapesOnlyQuotesBackslashesAndControlCharacters() {
        let controls = String(String.UnicodeScalarView((0..<0x20).compactMap(Unicode.Scalar.init)))
        let text = JSONValue.string(controls + "\"\\/é\u{7F}\u{2028}😀").serialized()
        #expect(
            text == #""\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000b\f\r\u000e\u000f"#
                + #"\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f"#
                + "\\\"\\\\/é\u{7F}\u{2028}😀\"")
    }

    @Test func sortsKeysByScalarValueNotByUTF16() {
        // U+FF61 < U+1F600 as scalars; in UTF-16 the emoji's surrogate (0xD83D) would sort first.
        let value: JSONValue = ["\u{1F600}": 1, "\u{FF61}": 2, "Z": 3, "a": 4, "é": 5]
        #expect(value.serialized() == "{\"Z\":3,\"a\":4,\"é\":5,\"\u{FF61}\":2,\"\u{1F600}\":1}")
    }

    @Test func writingInPiecesGivesTheWholeText() {
        let value: JSONValue = ["b": [1, ["c": nil, "d": []]], "a": [:]]
        var writer = JSONWriter(pretty: true)
        var pieces: [UInt8] = []
        writer.writeRaw("[")
        writer.newline(indent: 1)
        writer.write(value, indent: 1)
        pieces += writer.bytes
        writer.removeAll()
        writer.newline(indent: 0)
        writer.writeRaw("]")
        pieces += writer.bytes
        #expect(String(decoding: pieces, as: UTF8.self) == JSONValue.array([value]).serialized(pretty: true))
    }
}

/// `isHeld(by:)`: what a normalising server may echo for what we sent (respan-api.md §9).
@Suite struct EchoComparisonTests {
    @Test func filledDefaultsAndNumbersAsTextAreHeld() throws {
        let sent = try JSONValue(parsing: #"[{"type": "completion", "config": {"model": "m", "temperature": 0.2}}]"#)
        let echoed = try JSONValue(
            parsing: #"[{"config": {"temperature": "0.20", "top_p": 1, "model": "m"}, "type": "completion"}]"#)
        #expect(sent.isHeld(by: echoed))
        #expect(!sent.isSemanticallyEqual(to: echoed))
    }

    @Test(arguments: [
        #"[{"type": "completion", "config": {"model": "other", "temperature": 0.2}}]"#,
        #"[{"type": "completion", "config": {"temperature": 0.2}}]"#,
        #"[{"type": "completion", "config": {"model": "m", "temperature": 0.3}}]"#,
        #"[]"#,
    ])
    func aChangedMissingOrDroppedValueIsNot(_ text: String) throws {
        let sent = try JSONValue(parsing: #"[{"type": "completion", "config": {"model": "m", "temperature": 0.2}}]"#)
        #expect(!sent.isHeld(by: try JSONValue(parsing: text)))
    }
}
