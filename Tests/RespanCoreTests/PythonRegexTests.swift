import Foundation
import RespanCore
import Testing

/// Patterns are judged as Python's `re` reads them, since the generated checks run there.
@Suite struct PythonRegexTests {
    @Test(arguments: [
        #"\d{3}-\d{4}"#, #"(?P<year>\d{4})-(?P=year)"#, #"(?i)refund"#, #"(?<=a)b"#, #"a(?i:b)c"#, #"\bword\b"#,
    ])
    func pythonPatternsPass(_ pattern: String) {
        #expect(PythonRegex.problem(pattern) == nil, "\(pattern)")
    }

    @Test(arguments: [
        (#"(?<year>\d{4})"#, "Python writes a named group (?P<name>…), not (?<name>…)"),
        (#"\p{L}+"#, #"Python's re has no \p{…} classes"#),
        (#"end\z"#, #"Python's re does not know the escape \z"#),
        (#"a(?i)b"#, "Python takes a global flag such as (?i) only at the start of the pattern"),
        ("(", "it does not compile"),
    ])
    func patternsPythonRefusesAreNamed(_ pattern: String, _ problem: String) {
        #expect(PythonRegex.problem(pattern) == problem)
    }

    @Test func pythonsNamedGroupsAreRewrittenForICU() {
        #expect(PythonRegex.icu(#"(?P<y>\d+)-(?P=y)"#) == #"(?<y>\d+)-\k<y>"#)
        #expect("2024-2024".range(of: PythonRegex.icu(#"(?P<y>\d+)-(?P=y)"#), options: .regularExpression) != nil)
    }
}
