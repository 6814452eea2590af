import Lockfiles
import Manifest
import RespanCore

/// What the planner knows of the managed datasets and evaluators experiments use: the ids
/// known at plan time (unchanged or adopted objects, evaluators kept under their id) and each
/// object's content digest (its file's rows, its definition). A run's identity is its spec with
/// those digests in place of the ids, so it is known before any upload and apply derives nothing.
public struct ManagedInputs: Sendable {
    public var ids: ManagedIDs
    public var digests: [ManagedReference: String]
    /// The managed part of the plan, for the reasons experiments rerun.
    public var plan: ManagedObjectsPlan
    /// Each desired experiment's bodies, made once: the planner asks for them several times a
    /// key (the ids to refresh, the diff, the adoption check).
    private var made: [String: Bodies] = [:]

    public init(desired: DesiredState, plan: ManagedObjectsPlan) {
        var ids: [ManagedReference: String] = [:]
        for change in plan.datasets where change.action == .noop || change.action == .adopt {
            if let id = change.remoteID { ids[.dataset(change.name)] = id }
        }
        for change in plan.evaluators { if let id = change.remoteID { ids[.evaluator(change.name)] = id } }
        var versions: [String: Int] = [:]
        for change in plan.prompts {
            guard let id = change.remoteID, let version = change.version else { continue }
            ids[.prompt(change.name)] = id
            versions[change.name] = version
        }
        var digests: [ManagedReference: String] = [:]
        for (name, dataset) in desired.managedDatasets { digests[.dataset(name)] = dataset.summary.digest }
        for (name, evaluator) in desired.managedEvaluators { digests[.evaluator(name)] = evaluator.digest }
        for (name, prompt) in desired.prompts { digests[.prompt(name)] = prompt.digest }
        // An unchanged dataset may be known by the digest of earlier reading rules
        // (`ManagedPlanner.unchangedUnderEarlierRules`): its runs keep that digest.
        for change in plan.datasets where change.action == .noop {
            if let summary = change.summary { digests[.dataset(change.name)] = summary.digest }
        }
        self.init(ids: ManagedIDs(ids, promptVersions: versions), digests: digests, plan: plan)
        for experiment in desired.experiments { made[experiment.key] = make(experiment) }
    }

    public init(
        ids: ManagedIDs = ManagedIDs(), digests: [ManagedReference: String] = [:], plan: ManagedObjectsPlan = .init()
    ) {
        self.ids = ids
        self.digests = digests
        self.plan = plan
    }

    /// An experiment's bodies for planning.
    public struct Bodies: Sendable {
        /// What is sent: the known ids in place; `pending` slots are filled at apply.
        public var send: JSONValue
        /// What the lockfile records: `send` and `managed_inputs` (the objects' digests).
        public var recorded: JSONValue
        /// What the run's id is derived from: the body without managed ids, and `managed_inputs`.
        public var identity: JSONValue
        /// Uses whose ids are known only after apply.
        public var pending: [ManagedUse]
    }

    public func bodies(_ experiment: ResolvedExperiment) -> Bodies {
        made[experiment.key] ?? make(experiment)
    }

    private func make(_ experiment: ResolvedExperiment) -> Bodies {
        let (send, pending) = ids.fill(experiment.body, experiment.managedUses)
        let inputs = inputs(experiment.managedUses, runner: experiment.runner)
        return Bodies(
            send: send, recorded: Self.adding(inputs, to: send), identity: Self.adding(inputs, to: experiment.body),
            pending: pending)
    }

    /// `{"dataset:qa": digest, …}` for the uses, with a runner's command and input files
    /// (`RunnerInputs`), or nil for an experiment that has none of them.
    private func inputs(_ uses: [ManagedUse], runner: Runner?) -> JSONValue? {
        var inputs: [String: JSONValue] = runner.map(RunnerInputs.entries) ?? [:]
        for use in uses { if let digest = digests[use.reference] { inputs[use.reference.inputKey] = .string(digest) } }
        return inputs.isEmpty ? nil : .object(inputs)
    }

    private static func adding(_ inputs: JSONValue?, to body: JSONValue) -> JSONValue {
        guard let inputs, var object = body.objectValue else { return body }
        object[ExperimentFields.managedInputs] = inputs
        return .object(object)
    }

    /// Why a run reruns because of its managed objects: "dataset qa changed: 3 rows added";
    /// "evaluator tone changed (definition)". Empty when none it uses changed.
    func reasons(old: JSONValue?, new: JSONValue?) -> [String] {
        guard let old = old?.objectValue, let new = new?.objectValue else { return [] }
        return RunnerInputs.reasons(old: old, new: new)
            + new.keys.sorted().compactMap { reason(key: $0, old: old[$0], new: new[$0]) }
    }

    /// Why one managed object's digest changed, or nil when it did not (or is a runner's).
    private func reason(key: String, old: JSONValue?, new: JSONValue?) -> String? {
        guard !RunnerInputs.owns(key), let old, old != new else { return nil }
        if let dataset = plan.datasets.first(where: { ManagedReference.dataset($0.name).inputKey == key }) {
            return "dataset \(dataset.name) changed" + (dataset.reason.map { ": \($0)" } ?? "")
        }
        if let prompt = plan.prompts.first(where: { ManagedReference.prompt($0.name).inputKey == key }) {
            return "prompt \(prompt.name) changed"
                + (prompt.changedParts.isEmpty ? "" : ": " + prompt.changedParts.joined(separator: ", "))
        }
        if let evaluator = plan.evaluators.first(where: { ManagedReference.evaluator($0.name).inputKey == key }) {
            let fields = evaluator.changedFields
            return "evaluator \(evaluator.name) changed"
                + (fields.isEmpty ? "" : " (\(fields.joined(separator: ", ")))")
        }
        return "\(key) changed"
    }
}
