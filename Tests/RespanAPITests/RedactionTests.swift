import Testing

@testable import RespanAPI

/// The API key leaves error text as a whole token only (Sources/RespanAPI/Redaction.swift).
@Suite struct RedactionTests {
    @Test func aShortKeyDoesNotMangleTheWordsItIsPartOf() {
        let error = RespanAPIError.http(.init(status: 401, detail: "Invalid API key k.")).redacting("k")
        #expect("\(error)".contains("Invalid API key [redacted]."))
    }

    @Test(arguments: [
        ("Bearer sk_live_123 refused", "Bearer [redacted] refused"),
        ("key=sk_live_123&x=1", "key=[redacted]&x=1"),
        ("\"sk_live_123\"", "\"[redacted]\""),
        ("sk_live_1234 is another key", "sk_live_1234 is another key"),
    ])
    func aKeyOnItsOwnIsRedacted(_ text: String, _ expected: String) {
        #expect(Redaction.redact("sk_live_123", in: text) == expected)
    }
}
