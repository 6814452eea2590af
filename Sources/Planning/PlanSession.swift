import Lockfiles
import Manifest
import RespanAPI
import RespanCore

/// Refresh, then plan: what `plan`, `apply` and `destroy` share.
public struct PlanSession: Sendable {
    public let remote: any ExperimentRemote
    public let store: LockfileStore
    /// The state beside this one: where a workspace starts from, and whose runs it never touches.
    public let state: StateSet?

    public init(remote: any ExperimentRemote, store: LockfileStore, state: StateSet? = nil) {
        self.remote = remote
        self.store = store
        self.state = state
    }

    public struct Result: Sendable {
        public var plan: Plan
        /// The lockfile with `moved:` renames applied, to be saved by apply.
        public var lockfile: Lockfile
        public var diagnostics: DiagnosticList
        /// The remote experiments read, by id, and every id that was looked for.
        public var remote: [String: Experiment]
        public var remoteIDs: [String]
    }

    /// Reads the lockfile (a new workspace starts from the default one), refreshes what it
    /// manages together with the ids new runs would get (about ceil(N/100) requests), diffs,
    /// and (when refreshing) checks that adopted runs hold the manifest's spec, that the
    /// connection works and that the plan's datasets and evaluators exist.
    ///
    /// With `options.refresh == false` nothing is sent: the lockfile is taken as the truth.
    public func plan(_ desired: DesiredState, options: PlanOptions) async throws -> Result {
        var lockfile = try state?.startingLockfile(store) ?? store.load()
        // Renames first: the ids to refresh and the runs to look up by name follow the moved keys.
        var moves = lockfile.applyMoves(desired.moved.map { ($0.from.value, $0.to.value) })
        moves += lockfile.applyMoves(Planner.repeatMoves(desired, lockfile: lockfile))
        let managed = try await ManagedStage(remote: remote, state: state)
            .prepare(desired, lockfile: lockfile, options: options)
        var planner = Planner(
            options: options, project: desired.project, ownedElsewhere: try state?.idsOwnedElsewhere() ?? [])
        planner.managed = ManagedInputs(desired: desired, plan: managed)
        let ids = lockfile.entries.values.map(\.id)
        let (remoteState, requests) =
            options.refresh
            ? try await refresh(desired, lockfile: lockfile, planner: &planner) : (Self.assumed(from: lockfile), 0)
        var diagnostics = DiagnosticList()
        if lockfile.remoteIgnoresClientIDs { diagnostics.append(Self.ignoredIDsWarning) }
        var plan = planner.plan(
            desired: desired, lockfile: lockfile, moves: moves, remote: remoteState,
            refreshRequests: requests + managed.requests, diagnostics: &diagnostics)
        plan.managed = managed
        plan.migration = lockfile.migration
        var rows: [String: Int] = [:], versions: [String: String] = [:]
        if options.refresh && !diagnostics.hasErrors {
            diagnostics.append(
                contentsOf: try await AdoptionCheck(remote: remote).mismatches(
                    in: plan, desired: desired, planner: planner))
            let references = try await ReferenceCheck(remote: remote).check(plan)
            diagnostics.append(contentsOf: references.missing)
            rows = references.rows
            versions = references.versions
        }
        Self.record(versions, in: &plan, lockfile: lockfile)
        plan.cost = Self.estimate(plan, rows: rows, pricing: desired.pricing)
        return Result(plan: plan, lockfile: lockfile, diagnostics: diagnostics, remote: remoteState, remoteIDs: ids)
    }

    /// The runs the lockfile records and those new runs would get, by id; on an empty lockfile
    /// (or a remote that ignores chosen ids) the runs found by name and spec go to the planner.
    private func refresh(
        _ desired: DesiredState, lockfile: Lockfile, planner: inout Planner
    ) async throws -> ([String: Experiment], Int) {
        let ids = lockfile.entries.values.map(\.id)
        let candidates = Set(ids).union(planner.candidateIDs(desired, lockfile: lockfile))
        var (remoteState, requests) = try await Refresher(remote: remote).refresh(ids: candidates)
        if requests == 0 {
            try await remote.verifyConnection()
            requests += 1
        }
        if lockfile.entries.isEmpty || lockfile.remoteIgnoresClientIDs {
            let lookup = try await NameLookup(remote: remote).adoptable(
                planner.unrecorded(desired, lockfile: lockfile, remote: remoteState),
                taken: Set(ids).union(planner.ownedElsewhere))
            planner.foundByName = lookup.found
            requests += lookup.requests
        }
        return (remoteState, requests)
    }

    static let ignoredIDsWarning = Diagnostic.warning(
        "this remote ignores client-chosen experiment ids (an earlier create got an id of its own): "
            + "adoption by id is unavailable, so a lost lockfile is healed by name and spec, and two work "
            + "trees applying the same spec at the same time may each make a run",
        at: nil)

    /// The cost of the runs `plan` starts, with the rows the reference check read.
    private static func estimate(_ plan: Plan, rows: [String: Int], pricing: [String: ModelPrice]) -> CostEstimate {
        CostEstimator(prices: PriceTable.bundled.overridden(by: pricing), rowCounts: rows).estimate(plan)
    }

    /// Each new run gets the versions of the evaluators its body names; any other change
    /// keeps what its run was recorded with (an edit of its name does not change its scoring).
    static func record(_ versions: [String: String], in plan: inout Plan, lockfile: Lockfile) {
        for index in plan.changes.indices {
            let change = plan.changes[index]
            guard [.create, .replace, .adopt].contains(change.action) else {
                plan.changes[index].evaluatorVersions = lockfile.entries[change.key]?.evaluatorVersions ?? [:]
                continue
            }
            let names = RemoteReference.all(in: change.body ?? change.applied ?? [:]).compactMap(\.evaluatorName)
            plan.changes[index].evaluatorVersions = versions.filter { names.contains($0.key) }
        }
    }

    /// The remote as the lockfile last left it, for `--refresh=false`.
    static func assumed(from lockfile: Lockfile) -> [String: Experiment] {
        var state: [String: Experiment] = [:]
        for entry in lockfile.entries.values where entry.state == .created {
            var raw = entry.applied.objectValue ?? [:]
            raw["id"] = .string(entry.id)
            state[entry.id] = try? Experiment(json: .object(raw))
        }
        return state
    }
}

extension Planner {
    /// The experiments in scope that the lockfile does not name and whose derived id is not
    /// on Respan: those a lost lockfile may still have runs for.
    /// Their bodies are what would be sent (known managed ids in place), to compare by spec.
    func unrecorded(_ desired: DesiredState, lockfile: Lockfile, remote: [String: Experiment]) -> [ResolvedExperiment] {
        desired.experiments.filter { experiment in
            options.inScope(experiment.key) && lockfile.entries[experiment.key] == nil
                && remote[derivedID(experiment, generation: 0)] == nil
        }.map { experiment in
            var sent = experiment
            sent.body = managed.bodies(experiment).send
            return sent
        }
    }

    /// The ids the experiments in scope would be created under, to look for them in the refresh.
    func candidateIDs(_ desired: DesiredState, lockfile: Lockfile) -> Set<String> {
        var ids: Set<String> = []
        for experiment in desired.experiments where options.inScope(experiment.key) {
            let entry = lockfile.entries[experiment.key]
            let forced = options.forceReplace.contains { $0.matches(experiment.key) }
            let generation = (entry?.generation ?? 0) + (forced && entry != nil ? 1 : 0)
            ids.insert(derivedID(experiment, generation: generation))
        }
        return ids
    }
}

/// Before a run is adopted, its full record is read once: an id that already holds a different
/// spec is an error naming both, never a second experiment and never a silent mix-up.
struct AdoptionCheck: Sendable {
    let remote: any ExperimentRemote

    func mismatches(
        in plan: Plan, desired: DesiredState, planner: Planner
    ) async throws(RespanAPIError) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for change in plan.changes where change.action == .adopt {
            guard let id = change.newID,
                let body = desired.experiment(change.key).map({ planner.managed.bodies($0).send }),
                let found = try await remote.experimentIfExists(id)
            else { continue }
            let fields = ExperimentIdentity.differences(remote: found.raw, body: body)
            guard !fields.isEmpty else { continue }
            diagnostics.append(
                .error(
                    "'\(change.key)' would adopt \(id), which already exists on Respan with a different spec "
                        + "(\(fields.joined(separator: ", ")) differ from the manifest); rename or delete \(id) on Respan, "
                        + "or run 'respan-plan apply --replace \(change.key)' to make a new run",
                    at: change.location))
        }
        return diagnostics
    }
}
