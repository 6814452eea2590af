import Foundation
import Lockfiles
import Manifest
import RespanAPI
import RespanCore

/// What the user asked the plan to cover.
public struct PlanOptions: Sendable {
    public var targets: [KeyPattern] = []
    public var excludes: [KeyPattern] = []
    /// Keys (patterns) to replace even without a change.
    public var forceReplace: [KeyPattern] = []
    public var prune = false
    public var allowDestroy = false
    /// Plan deleting every managed experiment in scope (`destroy`).
    public var destroy = false
    /// Read the remote state (and check the connection and references); `false` takes the
    /// lockfile as the truth and sends nothing (`--refresh=false`).
    public var refresh = true
    /// Delete a run superseded by a new one (a recreate or an adoption) once the new one is in
    /// place, instead of keeping it as history (`--prune-history`).
    public var pruneHistory = false

    public init() {}

    func inScope(_ key: String) -> Bool {
        KeyPattern.inScope(key, targets: targets, excludes: excludes)
    }
}

/// Diffs desired state against the lockfile and the refreshed remote state.
///
/// Pure: it reads no network and writes nothing; `Refresher` supplies the remote objects.
public struct Planner: Sendable {
    public var options: PlanOptions
    /// The manifest's project, part of every derived id.
    public var project: String?
    /// Remote ids another state (the default lockfile, another workspace) records: a workspace
    /// never mutates or deletes them, so a changed key gets a new experiment and the old run
    /// survives as the baseline.
    public var ownedElsewhere: Set<String> = []
    /// Runs found by name and spec for keys the lockfile does not name (`NameLookup`), on a
    /// remote that does not keep chosen ids: key → remote id, adopted instead of created.
    public var foundByName: [String: String] = [:]
    /// The managed datasets and evaluators: their known ids and content digests.
    public var managed = ManagedInputs()

    public init(options: PlanOptions, project: String? = nil, ownedElsewhere: Set<String> = []) {
        self.options = options
        self.project = project
        self.ownedElsewhere = ownedElsewhere
    }

    /// The plan for `desired` against `lockfile` (with the `moved:` renames already made, as
    /// `moves` lists them) and the refreshed `remote`. Reads and writes nothing.
    public func plan(
        desired: DesiredState, lockfile: Lockfile, moves: [(from: String, to: String)] = [],
        remote: [String: Experiment], refreshRequests: Int, diagnostics: inout DiagnosticList
    ) -> Plan {
        diagnostics.append(
            contentsOf: unmatchedPatterns(keys: Set(desired.experiments.map(\.key)).union(lockfile.entries.keys)))
        var changes: [PlannedChange] = []
        for experiment in desired.experiments where options.inScope(experiment.key) && !options.destroy {
            let entry = lockfile.entries[experiment.key]
            let change = diff(experiment, entry: entry, remote: remote)
            if let blocked = protection(change, experiment, entry: entry) {
                diagnostics.append(blocked)
                continue
            }
            changes.append(change)
        }
        let desiredKeys = Set(desired.experiments.map(\.key))
        var orphaned: [String] = []
        for (key, entry) in lockfile.entries.sorted(by: { $0.key < $1.key })
        where options.inScope(key) && (!desiredKeys.contains(key) || options.destroy) {
            if (options.prune || options.destroy) && ownedElsewhere.contains(entry.id) {
                changes.append(Self.forget(key, entry: entry, location: desired.experiment(key)?.location))
            } else if options.prune || options.destroy {
                let exists = remote[entry.id] != nil
                let experiment = desired.experiment(key)
                if exists, entry.protect || experiment?.protect == true, !options.allowDestroy {
                    diagnostics.append(Self.deletionBlocked(key, entry: entry, experiment: experiment))
                    continue
                }
                changes.append(
                    PlannedChange(
                        key: key, action: exists ? .delete : .noop, remoteID: entry.id, newID: nil, body: nil,
                        applied: nil, fields: [], drift: [],
                        reason: exists ? nil : "already deleted outside respan-plan", recreate: false,
                        location: experiment?.location))
            } else {
                orphaned.append(key)
            }
        }
        changes.sort {
            order($0.action) < order($1.action) || (order($0.action) == order($1.action) && $0.key < $1.key)
        }
        return Plan(changes: changes, orphaned: orphaned, moves: moves, refreshRequests: refreshRequests)
    }

    private func order(_ action: PlanAction) -> Int {
        switch action {
        case .create: 0
        case .replace: 1
        case .adopt: 2
        case .update: 3
        case .noop, .forget: 4
        case .delete: 5
        }
    }

    /// A delete of a protected experiment, protected by the manifest or by the lockfile's record.
    static func deletionBlocked(_ key: String, entry: LockEntry, experiment: ResolvedExperiment?) -> Diagnostic {
        let source =
            experiment?.protect == true
            ? "protected" : "protected (recorded in the lockfile; the manifest no longer lists it)"
        return .error(
            "'\(key)' (\(entry.id)) is \(source) and would be deleted; pass --allow-destroy to delete it",
            at: experiment?.location)
    }

    /// A lockfile entry another state owns, dropped instead of deleted.
    static func forget(_ key: String, entry: LockEntry, location: SourceLocation?) -> PlannedChange {
        PlannedChange(
            key: key, action: .forget, remoteID: entry.id, newID: nil, body: nil, applied: nil, fields: [], drift: [],
            reason: "another state records this run; it is kept", recreate: false, location: location)
    }

    private func protection(
        _ change: PlannedChange, _ experiment: ResolvedExperiment, entry: LockEntry?
    ) -> Diagnostic? {
        if let retired = change.retire, experiment.protect || entry?.protect == true, !options.allowDestroy {
            return .error(
                "--prune-history would delete '\(experiment.key)''s earlier run \(retired), which is protected; pass --allow-destroy to delete it, or leave out --prune-history",
                at: experiment.location)
        }
        guard experiment.protect, !options.allowDestroy, change.action == .replace, !change.recreate else { return nil }
        return .error(
            "'\(experiment.key)' is protected and would be replaced (\(change.fields.filter(\.forcesReplacement).map(\.field).joined(separator: ", ")) changed); "
                + "pass --allow-destroy to replace it, or set replace_strategy: recreate to keep the old run",
            at: experiment.location)
    }
}
