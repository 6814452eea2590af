import Foundation
import RespanCore
import TestSupport
import Testing

/// The JSON reader against nst/JSONTestSuite (Tests/Fixtures/JSONTestSuite): `y_` cases must
/// parse, `n_` cases must be refused, and each `i_` case (where RFC 8259 lets readers choose)
/// is pinned here with the reason for what we do.
@Suite struct JSONParserTests {
    /// `y_` cases we refuse on purpose: RFC 8259 §4 says names SHOULD be unique and leaves
    /// duplicates to the reader; readers disagree on which value wins, so we refuse them.
    static let refusedOnPurpose: Set<String> = ["y_object_duplicated_key", "y_object_duplicated_key_and_value"]

    /// Every `i_` case, by what the reader does and why.
    static let implementationDefined: [(accepted: Bool, why: String, cases: [String])] = [
        (
            true, "numbers are kept as exact decimal text, so magnitude and precision never overflow",
            [
                "i_number_double_huge_neg_exp", "i_number_neg_int_huge_exp", "i_number_pos_double_huge_exp",
                "i_number_real_neg_overflow", "i_number_real_pos_overflow", "i_number_real_underflow",
                "i_number_too_big_neg_int", "i_number_too_big_pos_int", "i_number_very_big_negative_int",
            ]
        ),
        (false, "an exponent beyond 10^9 is refused, to keep exponent arithmetic exact", ["i_number_huge_exp"]),
        (
            false, "a lone or unpaired UTF-16 surrogate escape is not a character; it is refused, never replaced",
            [
                "i_object_key_lone_2nd_surrogate", "i_string_1st_surrogate_but_2nd_missing",
                "i_string_1st_valid_surrogate_2nd_invalid", "i_string_incomplete_surrogate_and_escape_valid",
                "i_string_incomplete_surrogate_pair", "i_string_incomplete_surrogates_escape_valid",
                "i_string_invalid_lonely_surrogate", "i_string_invalid_surrogate",
                "i_string_inverted_surrogates_U+1D11E", "i_string_lone_second_surrogate",
            ]
        ),
        (
            false, "JSON is UTF-8 (RFC 8259 §8.1); invalid UTF-8 is refused, never repaired",
            [
                "i_string_UTF-8_invalid_sequence", "i_string_UTF8_surrogate_U+D800", "i_string_invalid_utf-8",
                "i_string_iso_latin_1", "i_string_lone_utf8_continuation_byte", "i_string_not_in_unicode_range",
                "i_string_overlong_sequence_2_bytes", "i_string_overlong_sequence_6_bytes",
                "i_string_overlong_sequence_6_bytes_null", "i_string_truncated-utf-8",
                "i_string_UTF-16LE_with_BOM", "i_string_utf16BE_no_BOM", "i_string_utf16LE_no_BOM",
            ]
        ),
        (
            false, "a byte order mark is refused (RFC 8259 §8.1: senders must not add one)",
            ["i_structure_UTF-8_BOM_empty_object"]
        ),
        (true, "nesting up to 512 levels is read; deeper is refused", ["i_structure_500_nested_arrays"]),
    ]

    static let suiteDir = Paths.fixtures.appendingPathComponent("JSONTestSuite")

    static func cases(_ prefix: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: suiteDir.path)) ?? []
        return names.filter { $0.hasPrefix(prefix) && $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    static func parse(_ name: String) throws -> JSONValue {
        let data = try Data(contentsOf: suiteDir.appendingPathComponent(name + ".json"))
        return try JSONValue(parsing: [UInt8](data))
    }

    @Test func suiteIsPresentAndEveryImplementationDefinedCaseIsPinned() {
        #expect(Self.cases("y_").count == 95, "JSONTestSuite not found at \(Self.suiteDir.path)")
        #expect(Self.cases("n_").count == 188)
        let pinned = Self.implementationDefined.flatMap(\.cases)
        #expect(pinned.sorted() == Self.cases("i_"))
        #expect(Self.refusedOnPurpose.isSubset(of: Self.cases("y_")))
    }

    @Test(arguments: cases("y_"))
    func acceptsValidJSON(_ name: String) {
        if Self.refusedOnPurpose.contains(name) {
            #expect(throws: JSONParseError.self) { try Self.parse(name) }
        } else {
            #expect(throws: Never.self) { try Self.parse(name) }
        }
    }

    @Test(arguments: cases("n_"))
    func refusesInvalidJSON(_ name: String) {
        #expect(throws: JSONParseError.self) { try Self.parse(name) }
    }

    @Test(arguments: implementationDefined.flatMap { group in group.cases.map { ($0, group.accepted) } })
    func implementationDefinedCasesDoWhatIsPinned(_ name: String, _ accepted: Bool) {
        if accepted {
            #expect(throws: Never.self) { try Self.parse(name) }
        } else {
            #expect(throws: JSONParseError.self) { try Self.parse(name) }
        }
    }

    @Test func duplicateKeysAreRefusedAtTheSecondKey() throws {
        let error = try #require(throws: JSONParseError.self) {
            try JSONValue(parsing: #"{"a": 1, "b": {"c": 2, "c": 2}}"#)
        }
        #expect(error.description == #"invalid JSON at byte 23: duplicate key "c" in an object"#)
        #expect(try JSONValue(parsing: #"[{"a": 1}, {"a": 1}]"#) == [["a": 1], ["a": 1]])
    }

    @Test(arguments: [
        (#"["\ud800"]"#, "a high one without its low half"), (#"["\ud800\u0041"]"#, "a high one without its low half"),
        (#"["\udc00\ud800"]"#, "a low one without its high half"),
        (#"{"\uDFAA": 0}"#, "a low one without its high half"),
    ])
    func loneSurrogatesAreRefused(_ text: String, _ reason: String) throws {
        let error = try #require(throws: JSONParseError.self) { try JSONValue(parsing: text) }
        #expect(error.message.contains("lone UTF-16 surrogate"))
        #expect(error.message.contains(reason))
        #expect(error.offset == 2)
    }

    @Test func invalidUTF8IsRefusedAtTheFirstBadByte() throws {
        for (bytes, offset) in [([0x22, 0x61, 0xC0, 0xAF, 0x22], 2), ([0x22, 0x5C, 0x6E, 0xE9, 0x22], 3)] {
            let error = try #require(throws: JSONParseError.self) { try JSONValue(parsing: bytes.map(UInt8.init)) }
            #expect(error.message == "invalid UTF-8 in a string")
            #expect(error.offset == offset)
        }
        #expect(try JSONValue(parsing: Array(#"["é\n😀"]"#.utf8)) == ["é\n😀"])
    }

    @Test func aByteOrderMarkIsRefusedWithItsReason() throws {
        let error = try #require(throws: JSONParseError.self) {
            try JSONValue(parsing: [0xEF, 0xBB, 0xBF, 0x7B, 0x7D])
        }
        #expect(error.message.contains("byte order mark"))
    }

    /// These once trapped on integer overflow while computing the canonical form.
    @Test(arguments: ["1e9223372036854775807", "10e9223372036854775807", "1.5e-9223372036854775808", "1e1000000001"])
    func exponentsBeyondTheBoundAreRefused(_ text: String) throws {
        let error = try #require(throws: JSONParseError.self) { try JSONValue(parsing: text) }
        #expect(error.message.contains("exponent is too large"))
        #expect(
            try JSONValue(parsing: "-1e999999999") == .number(try #require(JSONNumber(jsonLiteral: "-1e999999999"))))
    }

    @Test func parserRejectsWhatRFC8259Rejects() {
        for bad in ["01", "1.", ".5", "+1", "[1,]", "{\"a\" 1}", "\"\u{01}\"", "tru", "[1] 2 ]", "", "1 2", "-"] {
            #expect(throws: JSONParseError.self, "\(bad)") { try JSONValue(parsing: bad) }
        }
    }

    @Test func errorsSayWhereReadingStopped() throws {
        let trailing = try #require(throws: JSONParseError.self) { try JSONValue(parsing: "[1]  x") }
        #expect(trailing.description == "invalid JSON at byte 5: unexpected text after the value")
        let zero = try #require(throws: JSONParseError.self) { try JSONValue(parsing: "[-012]") }
        #expect(zero.description == "invalid JSON at byte 2: a number with a leading zero")
    }

    @Test func roundTripPreservesEveryCharacter() throws {
        let text = #"{"s":"quote \" backslash \\ tab \t emoji 😀 surrogate \ud83d\ude00 nul \u0000"}"#
        let value = try JSONValue(parsing: text)
        #expect(value["s"] == "quote \" backslash \\ tab \t emoji 😀 surrogate 😀 nul \u{0}")
        #expect(try JSONValue(parsing: value.serialized()) == value)
    }

    @Test func integersKeepTheirDigitsAndFloatsTheirCanonicalText() throws {
        let value = try JSONValue(parsing: "[12345678901234567890, -0, 100, 1.50, 2E+2]")
        #expect(value.serialized() == "[12345678901234567890,0,100,1.5,200.0]")
    }
}
