import Lockfiles
import Manifest

extension Planner {
    /// The renames `repeats:` implies, as `moved:` would by hand: adding `repeats` to an applied
    /// key makes its run `KEY#1` (only the added repeats are new runs), and taking `repeats`
    /// away makes `KEY#1` the run of `KEY` again. A key the manifest still names, or one the
    /// lockfile already records, is never a target.
    public static func repeatMoves(_ desired: DesiredState, lockfile: Lockfile) -> [(from: String, to: String)] {
        let keys = Set(desired.experiments.map(\.key))
        var moves: [(from: String, to: String)] = []
        for experiment in desired.experiments where lockfile.entries[experiment.key] == nil {
            let from: String
            if let repetition = experiment.repetition {
                guard repetition.index == 1 else { continue }
                from = repetition.baseKey
            } else {
                from = experiment.key + "#1"
            }
            if lockfile.entries[from] != nil, !keys.contains(from) { moves.append((from, experiment.key)) }
        }
        return moves
    }
}
