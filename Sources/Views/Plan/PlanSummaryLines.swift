import Lockfiles
import Planning

/// A plan with more changes than a person reads before a prompt: each action's count and its
/// keys grouped by pattern (`sweep[*]`, `answer#*`), largest groups first, the rest counted.
/// `--verbose` and `--format json` list every change.
enum PlanSummaryLines {
    /// Groups shown per action before "and N more".
    static let groupsShown = 5

    static func lines(for changes: [PlannedChange], limit: Int) -> [PlanLine] {
        var lines: [PlanLine] = [
            .plain(
                "respan-plan will perform \(changes.count) changes, more than the \(limit) listed one by one "
                    + "(--verbose lists every change; --format json has them all):"),
            .plain(""),
        ]
        for action in [PlanAction.create, .replace, .update, .adopt, .forget, .delete] {
            let keys = changes.filter { $0.action == action }.map(\.key)
            guard !keys.isEmpty else { continue }
            lines.append(PlanLine(indent: 2, symbol: PlanSymbol(action), text: text(action, keys)))
        }
        return lines + [.plain("")]
    }

    /// "4990 to create: sweep[*] (4000), e1, e2, and 987 more".
    private static func text(_ action: PlanAction, _ keys: [String]) -> String {
        var counts: [String: Int] = [:]
        for key in keys { counts[pattern(key), default: 0] += 1 }
        let groups = counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }
        let shown = groups.prefix(groupsShown).map { $0.value == 1 ? $0.key : "\($0.key) (\($0.value))" }
        let rest = groups.dropFirst(groupsShown).reduce(0) { $0 + $1.value }
        return "\(keys.count) to \(action.rawValue): " + shown.joined(separator: ", ")
            + (rest > 0 ? ", and \(rest) more" : "")
    }

    /// The pattern a key belongs to, as `--target` takes it: `sweep[*]` for a matrix
    /// expansion, `answer#*` for a repeat, else the key itself.
    static func pattern(_ key: String) -> String {
        let base = KeyPattern.baseName(key)
        if base != key { return base + "[*]" }
        if let hash = key.lastIndex(of: "#"), key[key.index(after: hash)...].allSatisfy(\.isNumber) {
            return key[..<hash] + "#*"
        }
        return key
    }
}
