import Foundation
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

    public init() {}

    func inScope(_ key: String) -> Bool {
        (targets.isEmpty || targets.contains { $0.matches(key) }) && !excludes.contains { $0.matches(key) }
    }
}

/// Diffs desired state against the lockfile and the refreshed remote state.
///
/// Pure: it reads no network and writes nothing; `Refresher` supplies the remote objects.
public struct Planner: Sendable {
    /// Fields whose change needs a PUT (a new run); the rest are metadata, PATCHed.
    public static let runFields: Set<String> = [
        "dataset_id", "workflow", "evaluator_ids", "evaluator_slugs",
        "evaluator_workflow_ids", "batch_size", "concurrency", "enable_tracing", "span_workflow_name",
        "generation_method",
    ]
    public static let metadataFields: Set<String> = ["name", "description", "tags"]

    public var options: PlanOptions
    /// Makes the ids of new experiments; random by default.
    public var newID: @Sendable () -> String = {
        "exp_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
    }

    public init(options: PlanOptions) {
        self.options = options
    }

    public func plan(
        desired: DesiredState, lockfile: inout Lockfile, remote: [String: Experiment], refreshRequests: Int,
        diagnostics: inout DiagnosticList
    ) -> Plan {
        let moves = lockfile.applyMoves(desired.moved.map { ($0.from.value, $0.to.value) })
        diagnostics.append(contentsOf: unmatchedPatterns(keys: Set(desired.experiments.map(\.key)).union(lockfile.entries.keys)))
        var changes: [PlannedChange] = []
        for experiment in desired.experiments where options.inScope(experiment.key) && !options.destroy {
            let entry = lockfile.entries[experiment.key]
            let change = diff(experiment, entry: entry, remote: entry.flatMap { remote[$0.id] })
            if let blocked = protection(change, experiment) {
                diagnostics.append(blocked)
                continue
            }
            changes.append(change)
        }
        let desiredKeys = Set(desired.experiments.map(\.key))
        var orphaned: [String] = []
        for (key, entry) in lockfile.entries.sorted(by: { $0.key < $1.key })
        where options.inScope(key) && (!desiredKeys.contains(key) || options.destroy) {
            if options.prune || options.destroy {
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
        case .update: 2
        case .noop: 3
        case .delete: 4
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

    private func protection(_ change: PlannedChange, _ experiment: ResolvedExperiment) -> Diagnostic? {
        guard experiment.protect, !options.allowDestroy, change.action == .replace, !change.recreate else { return nil }
        return .error(
            "'\(experiment.key)' is protected and would be replaced (\(change.fields.filter(\.forcesReplacement).map(\.field).joined(separator: ", ")) changed); "
                + "pass --allow-destroy to replace it, or set replace_strategy: recreate to keep the old run",
            at: experiment.location)
    }
}
