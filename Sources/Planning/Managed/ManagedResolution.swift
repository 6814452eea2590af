import Lockfiles
import Manifest
import RespanCore

/// Puts managed objects' remote ids into the experiments' bodies, and records in each body
/// the digests of the managed objects it depends on (`managed_inputs`, never sent): so a
/// changed file or definition changes the spec digest, and with it the derived id and the run.
public enum ManagedResolution {
    /// Ids known before apply: unchanged or adopted objects, evaluators being updated (their
    /// id is stable). Objects still to be created keep their placeholder until apply.
    public static func ids(_ plan: ManagedObjectsPlan) -> [String: String] {
        var ids: [String: String] = [:]
        for change in plan.datasets where change.action == .noop || change.action == .adopt {
            if let id = change.remoteID { ids[ManagedReference.dataset(change.name).placeholder] = id }
        }
        for change in plan.evaluators {
            if let id = change.remoteID { ids[ManagedReference.evaluator(change.name).placeholder] = id }
        }
        return ids
    }

    /// The ids the lockfile records (complete datasets only), for reading results.
    public static func ids(_ lockfile: Lockfile) -> [String: String] {
        var ids: [String: String] = [:]
        for (name, entry) in lockfile.datasets where entry.state == .complete {
            ids[ManagedReference.dataset(name).placeholder] = entry.id
        }
        for (name, entry) in lockfile.evaluators { ids[ManagedReference.evaluator(name).placeholder] = entry.id }
        return ids
    }

    /// `desired` with placeholders replaced by `ids` in bodies and gates, and `managed_inputs`
    /// added to every body that uses a managed object.
    public static func resolve(_ desired: DesiredState, ids: [String: String], addInputs: Bool = true) -> DesiredState {
        guard !desired.managedDatasets.isEmpty || !desired.managedEvaluators.isEmpty else { return desired }
        var resolved = desired
        for (name, definition) in desired.evaluators where definition.managed != nil {
            if let id = ids[ManagedReference.evaluator(name).placeholder] {
                resolved.evaluators[name]?.reference = .id(id)
            }
        }
        for (name, definition) in desired.datasets where definition.managed != nil {
            if let id = ids[ManagedReference.dataset(name).placeholder] { resolved.datasets[name]?.id = id }
        }
        resolved.experiments = desired.experiments.map { experiment in
            var copy = experiment
            var inputs: [String: JSONValue] = [:]
            for reference in references(in: experiment.body) {
                switch reference {
                case .dataset(let name):
                    if let digest = desired.managedDatasets[name]?.summary.digest {
                        inputs["dataset:\(name)"] = .string(digest)
                    }
                case .evaluator(let name):
                    if let digest = desired.managedEvaluators[name]?.digest {
                        inputs["evaluator:\(name)"] = .string(digest)
                    }
                }
            }
            copy.body = substitute(experiment.body, ids)
            if addInputs && !inputs.isEmpty, var object = copy.body.objectValue {
                object[ExperimentFields.managedInputs] = .object(inputs)
                copy.body = .object(object)
            }
            copy.gates = experiment.gates.map { gate in
                var gate = gate
                gate.scoreKey = ids[gate.scoreKey] ?? gate.scoreKey
                return gate
            }
            return copy
        }
        return resolved
    }

    /// The managed objects a body refers to by placeholder.
    package static func references(in body: JSONValue) -> [ManagedReference] {
        var texts = [body["dataset_id"]?.stringValue].compactMap { $0 }
        texts += (body["evaluator_ids"]?.arrayValue ?? []).compactMap(\.stringValue)
        return texts.compactMap(ManagedReference.init(placeholder:))
    }

    /// `value` with every placeholder string that `ids` knows replaced, at any depth.
    package static func substitute(_ value: JSONValue, _ ids: [String: String]) -> JSONValue {
        switch value {
        case .string(let text): ids[text].map(JSONValue.string) ?? value
        case .array(let items): .array(items.map { substitute($0, ids) })
        case .object(let members): .object(members.mapValues { substitute($0, ids) })
        default: value
        }
    }

    /// Whether any placeholder is left in `value`.
    package static func hasPlaceholder(_ value: JSONValue?) -> Bool {
        switch value {
        case .string(let text)?: ManagedReference(placeholder: text) != nil
        case .array(let items)?: items.contains { hasPlaceholder($0) }
        case .object(let members)?: members.values.contains { hasPlaceholder($0) }
        default: false
        }
    }

    /// `body` without placeholder references: what can be checked on the remote before apply.
    package static func withoutPlaceholders(_ body: JSONValue) -> JSONValue {
        guard var object = body.objectValue else { return body }
        if let dataset = object["dataset_id"]?.stringValue, ManagedReference(placeholder: dataset) != nil {
            object["dataset_id"] = nil
        }
        if let ids = object["evaluator_ids"]?.arrayValue {
            object["evaluator_ids"] = .array(ids.filter { ManagedReference(placeholder: $0.stringValue ?? "") == nil })
        }
        return .object(object)
    }
}
