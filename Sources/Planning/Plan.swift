import Lockfiles
import Manifest
import RespanCore

/// What to do to one experiment key.
public enum PlanAction: String, Sendable, Codable, CaseIterable {
    case create, update, replace, delete
    /// Record an experiment that already exists on Respan with this spec (made by another
    /// machine, a pull request, or an apply whose lockfile was not kept): no request, no run.
    case adopt
    /// Drop the lockfile entry and keep the remote experiment (another state owns it).
    case forget
    case noop = "no-op"
}

/// One field's old and new value; nil means absent (the server's default).
public struct FieldChange: Sendable, Equatable {
    public var field: String
    public var before: JSONValue?
    public var after: JSONValue?
    public var forcesReplacement: Bool
    /// Managed objects whose ids go in this field once apply made them (`after` lacks them).
    public var knownAfterApply: [ManagedUse] = []
}

/// One planned change: plain data that can be rendered, saved and applied.
public struct PlannedChange: Sendable {
    public var key: String
    public var action: PlanAction
    /// The remote experiment it acts on (update, replace in place, delete).
    public var remoteID: String?
    /// The id a create (or a `recreate` replace) will use.
    public var newID: String?
    /// The body to send: the full body for create and replace, changed fields for update.
    public var body: JSONValue?
    /// The body the lockfile records once the change is applied.
    public var applied: JSONValue?
    public var fields: [FieldChange]
    /// Edits made outside respan-plan, planned back to the manifest.
    public var drift: [FieldChange]
    /// Why, in words ("deleted outside respan-plan", "forced by --replace").
    public var reason: String?
    public var recreate: Bool
    public var location: SourceLocation?
    /// `protect: true` in the manifest; recorded in the lockfile with the entry.
    public var protect = false
    /// The replacement count the lockfile records (bumped by `--replace`); part of the derived id.
    public var generation = 0
    /// A superseded run to delete once this change succeeded (`--prune-history`).
    public var retire: String?
    /// Managed objects whose ids `body` and `applied` take once apply made them: filled from
    /// the lockfile before the request is sent (`ManagedSync`), never derived again.
    public var pending: [ManagedUse] = []
    /// The versions of the evaluators (by id or slug) a new run is made with, as the plan's
    /// reference check read them; recorded with the run (`LockEntry.evaluatorVersions`).
    public var evaluatorVersions: [String: String] = [:]
}

/// The ordered changes for a manifest against its lockfile and the remote state.
public struct Plan: Sendable {
    public static let formatVersion = 1

    /// Every key in scope, no-ops included, creates and updates first, deletes last.
    public var changes: [PlannedChange]
    /// Keys in the lockfile but not in the manifest, left alone without `--prune`.
    public var orphaned: [String]
    /// Lockfile entries renamed by `moved:`.
    public var moves: [(from: String, to: String)]
    /// Requests made to read the remote state.
    public var refreshRequests: Int
    /// What the runs this plan starts are expected to cost (nil when not estimated).
    public var cost: CostEstimate? = nil
    /// Managed datasets and evaluators, synced before the experiments.
    public var managed = ManagedObjectsPlan()
    /// The lockfile was written by an earlier version and migrated on read (no request, no run).
    public var migration: LockfileMigration? = nil
    /// Where it was made: the endpoint and the state (nil when the caller did not say).
    public var destination: PlanDestination? = nil

    public var actionable: [PlannedChange] { changes.filter { $0.action != .noop } }
    public var hasChanges: Bool { !actionable.isEmpty || !moves.isEmpty || managed.hasChanges }

    public func count(_ action: PlanAction) -> Int { changes.count { $0.action == action } }

    public var summaryLine: String {
        var line =
            "\(count(.create)) to create, \(count(.update)) to update, \(count(.replace)) to replace, \(count(.delete)) to delete"
        // Adoptions and forgets cost no request; they are named only when there are some.
        if count(.adopt) > 0 { line += ", \(count(.adopt)) to adopt" }
        if count(.forget) > 0 { line += ", \(count(.forget)) to forget" }
        line += managed.summaryText
        let retired = changes.count { $0.retire != nil }
        if retired > 0 { line += ", \(retired) history run\(retired == 1 ? "" : "s") to delete" }
        return line
    }
}
