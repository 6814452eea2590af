import RespanCore

/// The one check of `--target`, `--exclude` and `--replace` patterns against the keys they may
/// name, with the one message every command gives: a typo must not turn into "No changes."
/// (plan, apply) or an empty report (status, results).
public enum KeySelection {
    /// Each pattern of each flag that matches none of `keys`, as an error naming the flag, the
    /// pattern and the nearest key (or matrix base name).
    public static func unmatched(_ flags: [(flag: String, patterns: [KeyPattern])], keys: Set<String>) -> [String] {
        var messages: [String] = []
        for (flag, patterns) in flags {
            for pattern in patterns where !keys.contains(where: pattern.matches) {
                let candidates = Set(keys.map(KeyPattern.baseName)).union(keys)
                messages.append(
                    "\(flag) '\(pattern.text)' matches no experiment key"
                        + Suggestion.hint(for: pattern.text, in: candidates))
            }
        }
        return messages
    }
}
