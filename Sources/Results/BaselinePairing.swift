import Lockfiles
import Manifest

/// Which baseline run an experiment is compared with: the run of its own key, else the run it
/// replaces, so the most common pull requests keep their gate:
/// - `repeats:` added to a key: each repeat `KEY#i` is compared with the baseline's `KEY`;
///   repeats removed: `KEY` is compared with the baseline's `KEY#1`;
/// - a matrix value swapped (`gpt-4o` → `gpt-4.1`): a new expansion is compared with the one
///   baseline expansion of the same matrix, no longer in the manifest, that differs from it in
///   exactly one axis (none, or several, is no comparison: a guess would mislead).
enum BaselinePairing {
    static func entry(
        for experiment: ResolvedExperiment, in baseline: Lockfile, current keys: Set<String>
    ) -> (key: String, entry: LockEntry)? {
        if let own = baseline.entries[experiment.key] { return (experiment.key, own) }
        if let repetition = experiment.repetition, let single = baseline.entries[repetition.baseKey] {
            return (repetition.baseKey, single)
        }
        if experiment.repetition == nil, let first = baseline.entries[experiment.key + "#1"] {
            return (experiment.key + "#1", first)
        }
        return swapped(experiment, in: baseline, current: keys)
    }

    private static func swapped(
        _ experiment: ResolvedExperiment, in baseline: Lockfile, current keys: Set<String>
    ) -> (key: String, entry: LockEntry)? {
        guard let mine = axes(experiment.key) else { return nil }
        let candidates = baseline.entries.filter { key, _ in
            guard !keys.contains(key), let theirs = axes(key), theirs.base == mine.base,
                theirs.values.keys.sorted() == mine.values.keys.sorted()
            else { return false }
            return mine.values.count { theirs.values[$0.key] != $0.value } == 1
        }
        guard candidates.count == 1, let only = candidates.first else { return nil }
        return (only.key, only.value)
    }

    /// `sweep[model=gpt-4o,temperature=0.7]` → ("sweep", ["model": "gpt-4o", "temperature": "0.7"]).
    static func axes(_ key: String) -> (base: String, values: [String: String])? {
        let base = KeyPattern.baseName(key)
        guard base != key else { return nil }
        let inner = key.dropFirst(base.count + 1).dropLast()
        var values: [String: String] = [:]
        for pair in inner.split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { return nil }
            values[String(parts[0])] = String(parts[1])
        }
        return (base, values)
    }
}
