import Lockfiles
import Manifest

/// Says how a dataset file changed since the lockfile's version: rows are matched by their
/// `input` (32 bits of its hash), so "3 rows added, 1 changed" counts new inputs, removed
/// inputs and inputs whose other fields changed.
enum DatasetExplanation {
    static func reason(old: DatasetLock?, new: DatasetSummary) -> String {
        guard let old else { return "new, \(rows(new.rowCount))" }
        guard let before = old.decodedIndex else {
            return "\(rows(new.rowCount)), was \(old.rows)"
        }
        let counts = compare(before, new.index)
        var parts: [String] = []
        if counts.added > 0 { parts.append("\(rows(counts.added)) added") }
        if counts.removed > 0 { parts.append("\(rows(counts.removed)) removed") }
        if counts.changed > 0 { parts.append("\(counts.changed) changed") }
        if parts.isEmpty { parts.append("rows reordered") }
        return parts.joined(separator: ", ")
    }

    /// Multiset comparison by input: same input and row → unchanged; same input, other row →
    /// changed; the rest added or removed.
    static func compare(_ old: [UInt64], _ new: [UInt64]) -> (added: Int, removed: Int, changed: Int) {
        var oldRows: [UInt64: Int] = [:]
        for row in old { oldRows[row, default: 0] += 1 }
        var unmatchedNew: [UInt64] = []
        for row in new {
            if let count = oldRows[row], count > 0 { oldRows[row] = count - 1 } else { unmatchedNew.append(row) }
        }
        var oldInputs: [UInt64: Int] = [:]
        for (row, count) in oldRows where count > 0 { oldInputs[row >> 32, default: 0] += count }
        var changed = 0
        for row in unmatchedNew {
            if let count = oldInputs[row >> 32], count > 0 {
                oldInputs[row >> 32] = count - 1
                changed += 1
            }
        }
        let removed = oldInputs.values.reduce(0, +)
        return (unmatchedNew.count - changed, removed, changed)
    }

    private static func rows(_ count: Int) -> String { "\(count) row\(count == 1 ? "" : "s")" }
}
