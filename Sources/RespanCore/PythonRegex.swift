import Foundation

/// Regular expressions as Python's `re` reads them: the generated check evaluators run them
/// on Respan with `re.search`, while this process (validation, the sandbox) has ICU. Python's
/// own spellings are translated for ICU (`(?P<name>…)`, `(?P=name)`), and what ICU takes but
/// Python refuses is named (`(?<name>…)`, `\p{…}`, an unknown `\letter`, a global flag not
/// at the start), so a pattern that passes here compiles there.
public enum PythonRegex {
    /// The letters Python's `re` knows after a backslash (Python 3.11, `re` docs).
    static let escapes: Set<Character> = [
        "A", "b", "B", "d", "D", "s", "S", "w", "W", "Z", "a", "f", "n", "r", "t", "v", "x", "u", "U", "N",
    ]

    /// Why Python's `re` would not compile `pattern`, or nil when it would.
    public static func problem(_ pattern: String) -> String? {
        guard case .failure(let problem) = compile(pattern) else { return nil }
        return problem.reason
    }

    /// Why a pattern is not one Python's `re` compiles.
    public struct Problem: Error, Equatable {
        public let reason: String
    }

    /// `pattern` compiled once for ICU, as Python's `re` would read it, or why Python would not.
    public static func compile(_ pattern: String) -> Result<NSRegularExpression, Problem> {
        if let reason = refusedByPython(pattern) { return .failure(Problem(reason: reason)) }
        guard let regex = try? NSRegularExpression(pattern: icu(pattern)) else {
            return .failure(Problem(reason: "it does not compile"))
        }
        return .success(regex)
    }

    /// What in `pattern` ICU takes but Python's `re` refuses, or nil.
    private static func refusedByPython(_ pattern: String) -> String? {
        let characters = Array(pattern)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character == "\\", index + 1 < characters.count {
                let next = characters[index + 1]
                if next == "p" || next == "P", index + 2 < characters.count, characters[index + 2] == "{" {
                    return "Python's re has no \\\(next){…} classes"
                }
                if next.isASCII, next.isLetter, !escapes.contains(next) {
                    return "Python's re does not know the escape \\\(next)"
                }
                index += 2
                continue
            }
            if character == "(", index + 2 < characters.count, characters[index + 1] == "?" {
                let after = characters[index + 2]
                if after == "<", index + 3 < characters.count, !"=!".contains(characters[index + 3]) {
                    return "Python writes a named group (?P<name>…), not (?<name>…)"
                }
                if index > 0, globalFlags(characters, from: index + 2) {
                    return "Python takes a global flag such as (?i) only at the start of the pattern"
                }
            }
            index += 1
        }
        return nil
    }

    /// `pattern` in ICU's syntax: Python's named groups and back-references rewritten.
    public static func icu(_ pattern: String) -> String {
        pattern.replacingOccurrences(of: "(?P<", with: "(?<")
            .replacingOccurrences(
                of: #"\(\?P=([A-Za-z_][A-Za-z0-9_]*)\)"#, with: #"\\k<$1>"#, options: .regularExpression)
    }

    /// Whether `(?` at this point opens global flags, `(?i)`, rather than a scoped `(?i:…)`.
    private static func globalFlags(_ characters: [Character], from start: Int) -> Bool {
        var index = start
        while index < characters.count, "aiLmsux".contains(characters[index]) { index += 1 }
        return index > start && index < characters.count && characters[index] == ")"
    }
}
