import RespanCore

extension Planner {
    /// A `--target`, `--exclude` or `--replace` pattern that matches no key is an error: a typo
    /// must not turn into "No changes." while creates are pending.
    func unmatchedPatterns(keys: Set<String>) -> [Diagnostic] {
        let flags = [
            ("--target", options.targets), ("--exclude", options.excludes), ("--replace", options.forceReplace),
        ]
        var diagnostics: [Diagnostic] = []
        for (flag, patterns) in flags {
            for pattern in patterns where !keys.contains(where: pattern.matches) {
                let candidates = Set(keys.map(KeyPattern.baseName)).union(keys)
                diagnostics.append(
                    .error(
                        "\(flag) '\(pattern.text)' matches no experiment key in the manifest or the lockfile"
                            + Suggestion.hint(for: pattern.text, in: candidates), at: nil))
            }
        }
        return diagnostics
    }
}
