import Manifest
import RespanCore

/// The remote ids of managed datasets and evaluators, by reference: what fills an
/// experiment's `ManagedUse` slots.
public struct ManagedIDs: Sendable {
    public var ids: [ManagedReference: String]
    /// A managed prompt's committed version, beside its id in `ids`.
    public var promptVersions: [String: Int] = [:]

    public init(_ ids: [ManagedReference: String] = [:], promptVersions: [String: Int] = [:]) {
        self.ids = ids
        self.promptVersions = promptVersions
    }

    /// The ids a lockfile records: complete datasets only (a half-uploaded one is never used).
    public init(lockfile: Lockfile) {
        var ids: [ManagedReference: String] = [:]
        for (name, entry) in lockfile.datasets where entry.state == .complete { ids[.dataset(name)] = entry.id }
        for (name, entry) in lockfile.evaluators { ids[.evaluator(name)] = entry.id }
        for (name, entry) in lockfile.prompts {
            ids[.prompt(name)] = entry.id
            promptVersions[name] = entry.version
        }
        self.ids = ids
    }

    public subscript(_ reference: ManagedReference) -> String? { ids[reference] }

    /// `body` with the known ids in their slots, and the uses whose ids are not known yet.
    public func fill(_ body: JSONValue, _ uses: [ManagedUse]) -> (body: JSONValue, unknown: [ManagedUse]) {
        ManagedUse.fill(body, uses, with: value)
    }

    /// What fills a use's slot: the id, or for a prompt its step's `{prompt_id, version}`.
    public func value(_ reference: ManagedReference) -> JSONValue? {
        guard let id = ids[reference] else { return nil }
        guard case .prompt(let name) = reference else { return .string(id) }
        guard let version = promptVersions[name] else { return nil }
        return ["prompt_id": .string(id), "version": .int(version)]
    }

    /// `desired` with every known id in place: in bodies, in the managed evaluators' references
    /// and in their gates' score keys. What `status` and `results` read runs with.
    public func resolve(_ desired: DesiredState) -> DesiredState {
        var resolved = desired
        for (name, definition) in desired.evaluators where definition.managed != nil {
            if let id = ids[.evaluator(name)] { resolved.evaluators[name]?.reference = .id(id) }
        }
        for (name, definition) in desired.datasets where definition.managed != nil {
            resolved.datasets[name]?.id = ids[.dataset(name)]
        }
        resolved.experiments = desired.experiments.map { experiment in
            var copy = experiment
            (copy.body, copy.managedUses) = fill(experiment.body, experiment.managedUses)
            copy.gates = experiment.gates.map { gate in
                var gate = gate
                if desired.evaluators[gate.evaluator]?.managed != nil, let id = ids[.evaluator(gate.evaluator)] {
                    gate.scoreKey = id
                }
                return gate
            }
            return copy
        }
        return resolved
    }
}
