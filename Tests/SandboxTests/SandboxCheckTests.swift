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

    /// Pieces are trimmed and blank ones dropped, from a text or a list: a blank piece would
    /// make `_any` pass on any output with a space or a line break.
    @Test func blankPiecesOfAnAnyCheckAreDropped() {
        let listed: [JSONValue] = [["type": "contains-any", "value": ["no ", " ", "\n"]]]
        #expect(SandboxCheck.verdict(["kind": "row"], output: "a space here", row: listed) == .judged(false))
        #expect(SandboxCheck.verdict(["kind": "row"], output: "say no", row: listed) == .judged(true))
        let text: [JSONValue] = [["type": "contains-any", "value": "yes,\n"]]
        #expect(SandboxCheck.verdict(["kind": "row"], output: "two\nlines", row: text) == .judged(false))
    }
}
