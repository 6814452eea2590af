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

    @Test func suggestionsFindNearMisses() {
        #expect(Suggestion.closest(to: "evaluator", in: ["evaluators", "dataset"]) == "evaluators")
        #expect(Suggestion.closest(to: "concurency", in: ["concurrency", "batch_size"]) == "concurrency")
        #expect(Suggestion.closest(to: "zzz", in: ["evaluators"]) == nil)
    }
}
