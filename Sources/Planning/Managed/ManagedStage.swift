import Manifest
import RespanAPI
import RespanCore

/// The managed part of `PlanSession.plan`: plan the datasets and evaluators first, put their
/// ids into the experiments, and after the experiments are planned say why each reruns.
struct ManagedStage: Sendable {
    let remote: any ExperimentRemote
    /// The states beside this one: a dataset any of them uses is kept by `--prune`.
    var state: StateSet? = nil

    func prepare(
        _ desired: DesiredState, lockfile: Lockfile, options: PlanOptions
    ) async throws -> (DesiredState, ManagedObjectsPlan) {
        guard !desired.managedDatasets.isEmpty || !desired.managedEvaluators.isEmpty else {
            return (desired, ManagedObjectsPlan())
        }
        let referenced = options.prune ? try referencedDatasets(lockfile) : []
        let planner = ManagedPlanner(
            remote: remote as? any CatalogRemote, project: desired.project, options: options,
            isolated: state?.workspace != nil)
        var plan = try await planner.plan(desired, lockfile: lockfile, referenced: referenced)
        plan.project = desired.project
        var desired = desired
        // An unchanged dataset may be known by the digest of earlier reading rules (see
        // `ManagedPlanner.unchangedUnderEarlierRules`): its experiments keep that digest.
        for change in plan.datasets where change.action == .noop {
            if let summary = change.summary { desired.datasets[change.name]?.managed?.summary = summary }
        }
        return (ManagedResolution.resolve(desired, ids: ManagedResolution.ids(plan)), plan)
    }

    /// Dataset ids that this lockfile's experiments use, and that any other state beside it
    /// records (its experiments or its managed datasets).
    private func referencedDatasets(_ lockfile: Lockfile) throws -> Set<String> {
        var ids = Set(lockfile.entries.values.compactMap { $0.applied["dataset_id"]?.stringValue })
        for path in state?.siblingPaths() ?? [] where path != state?.path {
            let other = try LockfileStore(path: path).load()
            ids.formUnion(other.entries.values.compactMap { $0.applied["dataset_id"]?.stringValue })
            ids.formUnion(other.datasets.values.flatMap { [$0.id] + $0.previous })
        }
        return ids
    }

    /// Adds the reasons ("dataset qa changed: 3 rows added, 1 changed"; "evaluator tone
    /// changed") to the experiments that rerun, and makes a change that only a managed
    /// evaluator forces a new run (recreate): a PUT of an unchanged body would not rerun.
    static func annotate(
        _ plan: inout Plan, managed: ManagedObjectsPlan, desired: DesiredState, lockfile: Lockfile, planner: Planner
    ) {
        plan.managed = managed
        guard managed.hasChanges else { return }
        for index in plan.changes.indices {
            var change = plan.changes[index]
            guard [.create, .replace, .adopt].contains(change.action), let experiment = desired.experiment(change.key),
                let old = lockfile.entries[change.key]?.applied[ManagedResolution.inputsField]?.objectValue,
                let new = experiment.body[ManagedResolution.inputsField]?.objectValue
            else { continue }
            let reasons = new.keys.sorted().compactMap { key -> String? in
                guard let before = old[key], before != new[key] else { return nil }
                return reason(key, managed)
            }
            guard !reasons.isEmpty else { continue }
            change.reason = ([reasons.joined(separator: "; ")] + [change.reason].compactMap { $0 }).joined(
                separator: "; ")
            let forcing = change.fields.filter(\.forcesReplacement).map(\.field)
            if change.action == .replace, !change.recreate, forcing == [ManagedResolution.inputsField] {
                let id = planner.derivedID(experiment, generation: change.generation)
                change.recreate = true
                change.newID = id
                var body = experiment.body.objectValue ?? [:]
                body["experiment_id"] = .string(id)
                change.body = .object(body)
            }
            plan.changes[index] = change
        }
    }

    private static func reason(_ key: String, _ managed: ManagedObjectsPlan) -> String {
        let parts = key.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return "\(key) changed" }
        if parts[0] == "dataset" {
            let detail = managed.datasets.first { $0.name == parts[1] }?.reason
            return "dataset \(parts[1]) changed" + (detail.map { ": \($0)" } ?? "")
        }
        let fields = managed.evaluators.first { $0.name == parts[1] }?.changedFields ?? []
        return "evaluator \(parts[1]) changed" + (fields.isEmpty ? "" : " (\(fields.joined(separator: ", ")))")
    }
}
