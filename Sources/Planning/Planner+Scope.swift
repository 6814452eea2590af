import Lockfiles
import RespanCore

extension Planner {
    /// A `--target`, `--exclude` or `--replace` pattern that matches no key of the manifest or
    /// the lockfile is an error (`KeySelection`).
    func unmatchedPatterns(keys: Set<String>) -> [Diagnostic] {
        KeySelection.unmatched(
            [("--target", options.targets), ("--exclude", options.excludes), ("--replace", options.forceReplace)],
            keys: keys
        ).map { .error($0, at: nil) }
    }
}
