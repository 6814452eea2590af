import Lockfiles
import Manifest
import RespanAPI
import RespanCore

/// The managed part of `PlanSession.plan`: the datasets and evaluators are planned first, and
/// the experiment planner takes their known ids and digests (`ManagedInputs`).
struct ManagedStage: Sendable {
    let remote: any ExperimentRemote
    /// The states beside this one: a dataset any of them uses is kept by `--prune`.
    var state: StateSet? = nil

    func prepare(
        _ desired: DesiredState, lockfile: Lockfile, options: PlanOptions
    ) async throws -> ManagedObjectsPlan {
        guard !desired.managedDatasets.isEmpty || !desired.managedEvaluators.isEmpty || !desired.prompts.isEmpty else {
            return ManagedObjectsPlan()
        }
        let referenced = options.prune ? try referencedDatasets(lockfile) : []
        let planner = ManagedPlanner(
            remote: remote as? any CatalogRemote, project: desired.project, options: options,
            isolated: state?.workspace != nil)
        return try await planner.plan(desired, lockfile: lockfile, referenced: referenced)
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
}
