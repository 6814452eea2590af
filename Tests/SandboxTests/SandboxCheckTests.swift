import RespanCore
import Testing

@testable import Sandbox

/// The sandbox judges a generated check as its Python would, regexes as Python's `re` reads them.
@Suite struct SandboxCheckTests {
    @Test func regexesAreReadAsPythonsRe() {
        let named: JSONValue = ["kind": "regex", "not": false, "value": #"(?P<y>\d{4})-(?P=y)"#]
        #expect(SandboxCheck.verdict(named, output: "in 2024-2024", row: []) == .judged(true))
        #expect(SandboxCheck.verdict(named, output: "in 2024-2025", row: []) == .judged(false))
        // ICU takes \p{L}; Python raises re.error, so the row has no score, as on Respan.
        let icuOnly: JSONValue = ["kind": "regex", "not": false, "value": #"\p{L}+"#]
        #expect(
            SandboxCheck.verdict(icuOnly, output: "abc", row: [])
                == .noScore("re.error: Python's re has no \\p{…} classes"))
    }

    @Test func aRowsOwnChecksInPromptfoosSpellingAreRead() {
        let row: [JSONValue] = [["type": "not-icontains-any", "value": "sorry, refund,"], ["is-json": true]]
        #expect(SandboxCheck.verdict(["kind": "row"], output: #"{"ok": 1}"#, row: row) == .judged(true))
        #expect(SandboxCheck.verdict(["kind": "row"], output: #"{"refund": 1}"#, row: row) == .judged(false))
        #expect(SandboxCheck.verdict(["kind": "row"], output: "x", row: []) != .judged(true))
    }
}
