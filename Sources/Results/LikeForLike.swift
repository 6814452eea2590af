import Lockfiles
import RespanCore

/// Why two runs compared row by row are not like for like (design §6, "Review"): another
/// dataset, a managed dataset or evaluator whose content changed between them (the digests
/// each run recorded at apply, `managed_inputs`), other evaluators, or rows the baseline scored
/// that have no score now. Each reason is a sentence for the verdict; none means like for like.
enum LikeForLike {
    static func differences(current: LockEntry, baseline: LockEntry, evaluators: [EvaluatorResult]) -> [String] {
        guard current.id != baseline.id else { return [] }
        let now = current.applied, then = baseline.applied
        var reasons = managedChanges(
            now[ExperimentFields.managedInputs]?.objectValue ?? [:],
            then[ExperimentFields.managedInputs]?.objectValue ?? [:])
        // A managed dataset's new content is a new upload, so a new id: said once, above.
        if let before = then["dataset_id"]?.stringValue, let after = now["dataset_id"]?.stringValue, before != after,
            !reasons.contains(where: { $0.hasPrefix("dataset ") })
        {
            reasons.append("another dataset (\(before) → \(after))")
        }
        for field in ["evaluator_ids", "evaluator_slugs", "evaluator_workflow_ids"] {
            let before = strings(then[field]), after = strings(now[field])
            guard before != after else { continue }
            let added = after.subtracting(before).sorted(), removed = before.subtracting(after).sorted()
            var parts: [String] = []
            if !added.isEmpty { parts.append("added \(added.joined(separator: ", "))") }
            if !removed.isEmpty { parts.append("removed \(removed.joined(separator: ", "))") }
            reasons.append("other evaluators (\(parts.joined(separator: "; ")))")
        }
        // Evaluators kept on Respan: the versions each run was made with (recorded at apply).
        for (name, after) in current.evaluatorVersions.sorted(by: { $0.key < $1.key }) {
            if let before = baseline.evaluatorVersions[name], before != after {
                reasons.append("evaluator \(name) changed between the runs (\(before) → \(after))")
            }
        }
        let lost = evaluators.compactMap { $0.comparison?.onlyBaseline }.max() ?? 0
        if lost > 0 {
            reasons.append("\(counted(lost, "row")) the baseline scored \(lost == 1 ? "has" : "have") no score now")
        }
        return reasons
    }

    /// `dataset:faq` and `evaluator:tone` whose recorded content digest differs between the runs.
    private static func managedChanges(_ now: [String: JSONValue], _ then: [String: JSONValue]) -> [String] {
        Set(now.keys).union(then.keys).sorted().compactMap { reference in
            let before = then[reference]?.stringValue, after = now[reference]?.stringValue
            guard before != after, let before, let after else { return nil }
            let parts = reference.split(separator: ":", maxSplits: 1).map(String.init)
            let (kind, name) = parts.count == 2 ? (parts[0], parts[1]) : ("object", reference)
            return "\(kind) '\(name)' changed between the runs (\(short(before)) → \(short(after)))"
        }
    }

    /// `sha256:0892…` → its first 12 hex digits.
    private static func short(_ digest: String) -> String {
        let hex = digest.hasPrefix("sha256:") ? String(digest.dropFirst(7)) : digest
        return String(hex.prefix(12))
    }

    private static func strings(_ value: JSONValue?) -> Set<String> {
        Set((value?.arrayValue ?? []).compactMap(\.stringValue))
    }
}
