import Manifest
import Planning
import RespanCore

extension StatusOperation {
    /// The runs a state records for the manifest's keys in scope (`--target`, `--exclude`).
    /// A pattern that matches no key of the manifest is an error with a suggestion.
    public static func runs(
        of desired: DesiredState, in state: StateSet, targets: [KeyPattern], excludes: [KeyPattern]
    ) throws -> [(key: String, id: String)] {
        try SelectionError.check(targets + excludes, in: desired)
        let lockfile = try state.store.load()
        return desired.experiments.compactMap { experiment in
            guard let entry = lockfile.entries[experiment.key],
                targets.isEmpty || targets.contains(where: { $0.matches(experiment.key) }),
                !excludes.contains(where: { $0.matches(experiment.key) })
            else { return nil }
            return (experiment.key, entry.id)
        }
    }
}

/// A `--target` or `--exclude` that names nothing.
public enum SelectionError: Error, Equatable, CustomStringConvertible {
    case noMatch(String, suggestion: String)

    /// Throws for the first pattern that matches no key of the manifest.
    public static func check(_ patterns: [KeyPattern], in desired: DesiredState) throws(SelectionError) {
        let known = Set(desired.experiments.map(\.key))
        for pattern in patterns where !known.contains(where: pattern.matches) {
            throw .noMatch(pattern.text, suggestion: Suggestion.hint(for: pattern.text, in: known))
        }
    }

    public var description: String {
        switch self {
        case .noMatch(let pattern, let suggestion):
            "'\(pattern)' matches no experiment key of the manifest\(suggestion)"
        }
    }
}
