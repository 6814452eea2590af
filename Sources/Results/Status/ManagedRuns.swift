import Lockfiles
import Manifest
import Planning
import RespanCore

extension StatusOperation {
    /// The runs a state records for the manifest's keys in scope (`--target`, `--exclude`).
    /// A pattern that matches no key of the manifest is an error with a suggestion.
    public static func runs(
        of desired: DesiredState, in state: StateSet, targets: [KeyPattern], excludes: [KeyPattern]
    ) throws -> [(key: String, id: String)] {
        try SelectionError.check(targets: targets, excludes: excludes, in: desired)
        let lockfile = try state.store.load()
        return desired.experiments.compactMap { experiment in
            guard let entry = lockfile.entries[experiment.key],
                KeyPattern.inScope(experiment.key, targets: targets, excludes: excludes)
            else { return nil }
            return (experiment.key, entry.id)
        }
    }
}

/// A `--target` or `--exclude` that names nothing (the message is `KeySelection`'s).
public enum SelectionError: Error, Equatable, CustomStringConvertible {
    case noMatch(String)

    /// Throws for the first pattern that matches no key of the manifest.
    public static func check(
        targets: [KeyPattern], excludes: [KeyPattern], in desired: DesiredState
    ) throws(SelectionError) {
        let keys = Set(desired.experiments.map(\.key))
        if let first = KeySelection.unmatched([("--target", targets), ("--exclude", excludes)], keys: keys).first {
            throw .noMatch(first)
        }
    }

    public var description: String {
        switch self {
        case .noMatch(let message): message
        }
    }
}
