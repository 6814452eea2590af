import RespanCore

/// Where an experiment's request body takes a managed object's remote id: the body itself
/// holds no id for it (none may exist yet), and the id is put in its slot once known.
public struct ManagedUse: Sendable, Equatable {
    public enum Slot: Sendable, Equatable {
        /// `dataset_id`.
        case datasetID
        /// Position `index` of `evaluator_ids`, counted with every use filled.
        case evaluatorID(index: Int)
        /// The config of workflow step `index` (a `prompt` step): its `prompt_id` and `version`.
        case promptStep(index: Int)

        /// The body field the slot is in.
        public var field: String {
            switch self {
            case .datasetID: "dataset_id"
            case .evaluatorID: "evaluator_ids"
            case .promptStep: "workflow"
            }
        }
    }

    public var reference: ManagedReference
    public var slot: Slot

    public init(_ reference: ManagedReference, slot: Slot) {
        self.reference = reference
        self.slot = slot
    }

    /// `body` with each use whose value `known` gives put in its slot, and the uses it did not
    /// know. Evaluator ids go in at their positions, in order, after the unknown ones before them.
    public static func fill(
        _ body: JSONValue, _ uses: [ManagedUse], with known: (ManagedReference) -> JSONValue?
    ) -> (body: JSONValue, unknown: [ManagedUse]) {
        guard !uses.isEmpty, var object = body.objectValue else { return (body, uses) }
        var unknown: [ManagedUse] = []
        for field in Set(uses.map(\.slot.field)).sorted() {
            let mine = uses.filter { $0.slot.field == field }
            let (value, left) = fill(field: object[field], mine, with: known)
            object[field] = value
            unknown += left
        }
        return (.object(object), unknown)
    }

    /// One field's value (`dataset_id` or `evaluator_ids`) with `uses` of that field filled.
    public static func fill(
        field value: JSONValue?, _ uses: [ManagedUse], with known: (ManagedReference) -> JSONValue?
    ) -> (value: JSONValue?, unknown: [ManagedUse]) {
        var value = value
        var unknown: [ManagedUse] = []
        for use in uses.sorted(by: { $0.position < $1.position }) {
            guard let id = known(use.reference) else {
                unknown.append(use)
                continue
            }
            switch use.slot {
            case .datasetID: value = id
            case .evaluatorID(let index):
                var items = value?.arrayValue ?? []
                items.insert(id, at: min(max(0, index - unknown.count), items.count))
                value = .array(items)
            case .promptStep(let index):
                // `id` is the step's `{prompt_id, version}`, merged into its config.
                var steps = value?.arrayValue ?? []
                guard steps.indices.contains(index), var step = steps[index].objectValue else { continue }
                // (A placeholder that is not an object, as a plan shows, goes under `prompt`.)
                let filled = id.objectValue ?? ["prompt": id]
                step["config"] = .object((step["config"]?.objectValue ?? [:]).merging(filled) { $1 })
                steps[index] = .object(step)
                value = .array(steps)
            }
        }
        return (value, unknown)
    }

    private var position: Int {
        if case .evaluatorID(let index) = slot { return index }
        return 0
    }
}
