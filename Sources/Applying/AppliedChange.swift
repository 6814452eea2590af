import Lockfiles
import Manifest
import Planning
import RespanAPI
import RespanCore

/// The outcome of applying one change.
public struct AppliedChange: Sendable {
    public var change: PlannedChange
    /// Nil on success.
    public var error: ApplyFailure?
    /// What the remote did that the user should know, though the change succeeded: it ignored
    /// the chosen id, echoed a field differently, or did not rerun on PUT.
    public var warnings: [String] = []
    /// The experiment the lockfile now records for the key (the server's id where it chose its
    /// own; the old id after a PUT in place); nil for a delete, a forget or a failure.
    public var recordedID: String?
    /// A create found its id (or its spec) already on Respan and adopted it: no new run.
    public var adopted = false

    public init(change: PlannedChange, error: ApplyFailure?, warnings: [String] = []) {
        self.change = change
        self.error = error
        self.warnings = warnings
    }
}

extension PlannedChange {
    /// The lockfile entry this change records under `id`.
    func entry(_ id: String, _ state: LockEntry.State = .created) -> LockEntry {
        var entry = LockEntry(id: id, state: state, applied: applied ?? [:], protect: protect, generation: generation)
        entry.evaluatorVersions = evaluatorVersions
        return entry
    }
}
