import RespanCore
import Testing

/// `precedesInUTF8` orders as UTF-8 bytes (code points) do, whatever the strings' storage.
@Suite struct StringUTF8OrderTests {
    static let samples = [
        "", "a", "ab", "abc", "b", "B", "sweep[model=gpt-4o]", "sweep[model=gpt-4o-mini]", "sweep#1", "sweep#10",
        "é", "e\u{301}", "z", "\u{1F600}", "\u{FFFF}", "日本", "x-\u{0}", String(repeating: "long-key-", count: 8),
    ]

    @Test func agreesWithTheByteOrderOnEveryPair() {
        for left in Self.samples {
            for right in Self.samples {
                #expect(
                    left.precedesInUTF8(right) == left.utf8.lexicographicallyPrecedes(right.utf8), "\(left) < \(right)")
            }
        }
    }

    @Test func bridgedAndSubstringBackedStringsOrderTheSame() {
        let sliced = String("__sweep[model=a]__".dropFirst(2).dropLast(2))
        #expect(sliced.precedesInUTF8("sweep[model=b]"))
        #expect(!"sweep[model=b]".precedesInUTF8(sliced))
        #expect(!sliced.precedesInUTF8(sliced))
    }
}
