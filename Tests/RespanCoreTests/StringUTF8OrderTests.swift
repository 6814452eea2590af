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

    /// Small strings are stored inline, longer ones on the heap: the order is the same.
    @Test func inlineAndHeapStringsOrderTheSame() {
        let long = String(repeating: "sweep[model=", count: 3) + "a]"
        #expect("sweep".precedesInUTF8(long))
        #expect(!long.precedesInUTF8("sweep"))
        #expect(!long.precedesInUTF8(long))
        #expect(long.precedesInUTF8(long + "\u{0}"))
    }

    /// In place along the permutation's cycles: the same as a stable sort, equal keys in the
    /// order they came.
    @Test func sortingInPlaceIsAStableSortByBytes() {
        // Keys that tie, that share their first 8 bytes (compared as one number first), that are
        // shorter than 8 bytes or end in NUL; every size from 0, each a fixed rotation of them.
        let keys = Self.samples + ["sweep[model=a]", "sweep[model=a]", "sweep[mo", "sweep[m", "a\u{0}", "a"]
        for size in 0...keys.count {
            let items = (0..<size).map { index in (key: keys[(index * 7) % keys.count], index: index) }
            var sorted = items
            sorted.sortInUTF8Order(by: \.key)
            let expected = items.sorted {
                $0.key.utf8.lexicographicallyPrecedes($1.key.utf8)
                    || ($0.key.utf8.elementsEqual($1.key.utf8) && $0.index < $1.index)
            }
            #expect(sorted.map(\.index) == expected.map(\.index), "size \(size)")
        }
    }
}
