/// A `--target`/`--exclude`/`--replace` pattern: `*` any run, `?` one character, everything else
/// literal (so matrix keys with `[`, `=` and `,` can be named exactly). A pattern that matches a
/// matrix entry's base name (`compare`) selects all of its expansions (`compare[model=…]`).
public struct KeyPattern: Sendable {
    /// The pattern as written.
    public let text: String
    private let pattern: [Character]

    public init(_ pattern: String) {
        self.text = pattern
        self.pattern = Array(pattern)
    }

    /// `sweep[model=a]` → `sweep`; a key without a matrix part is its own base name.
    public static func baseName(_ key: String) -> String {
        guard let bracket = key.firstIndex(of: "["), key.hasSuffix("]") else { return key }
        return String(key[..<bracket])
    }

    /// Whether `key` is in the scope of `--target` (none: every key) and outside every `--exclude`.
    public static func inScope(_ key: String, targets: [KeyPattern], excludes: [KeyPattern]) -> Bool {
        (targets.isEmpty || targets.contains { $0.matches(key) }) && !excludes.contains { $0.matches(key) }
    }

    public func matches(_ key: String) -> Bool {
        if glob(Array(key)) { return true }
        let base = Self.baseName(key)
        return base != key && glob(Array(base))
    }

    private func glob(_ text: [Character]) -> Bool {
        var p = 0, t = 0, star = -1, mark = 0
        while t < text.count {
            if p < pattern.count, pattern[p] == "?" || pattern[p] == text[t] {
                p += 1
                t += 1
            } else if p < pattern.count, pattern[p] == "*" {
                star = p
                mark = t
                p += 1
            } else if star >= 0 {
                p = star + 1
                mark += 1
                t = mark
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }
}
