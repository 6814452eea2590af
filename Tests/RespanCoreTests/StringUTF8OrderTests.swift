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

    /// In place along the permutation's cycles: the same as a stable sort, equal keys in the
    /// order they came.
    @Test func sortingInPlaceIsAStableSortByBytes() {
        var generator = SystemRandomNumberGenerator()
        for size in [0, 1, 2, 3, 10, 257] {
            let items = (0..<size).map { index in
                (key: Self.samples[Int.random(in: 0..<Self.samples.count, using: &generator)], index: index)
            }
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
