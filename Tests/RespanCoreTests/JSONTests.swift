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

    @Test func parserRejectsWhatRFC8259Rejects() {
        for bad in ["01", "1.", ".5", "+1", "[1,]", "{\"a\" 1}", "\"\u{01}\"", "tru", "[1] 2 ]"] {
            #expect(throws: JSONParseError.self, "\(bad)") { try JSONValue(parsing: bad) }
        }
    }

    @Test func roundTripPreservesEveryCharacter() throws {
        let text = #"{"s":"quote \" backslash \\ tab \t emoji 😀 surrogate \ud83d\ude00"}"#
        let value = try JSONValue(parsing: text)
        #expect(value["s"] == "quote \" backslash \\ tab \t emoji 😀 surrogate 😀")
        #expect(try JSONValue(parsing: value.serialized()) == value)
    }

    @Test func suggestionsFindNearMisses() {
        #expect(Suggestion.closest(to: "evaluator", in: ["evaluators", "dataset"]) == "evaluators")
        #expect(Suggestion.closest(to: "concurency", in: ["concurrency", "batch_size"]) == "concurrency")
        #expect(Suggestion.closest(to: "zzz", in: ["evaluators"]) == nil)
    }
}
