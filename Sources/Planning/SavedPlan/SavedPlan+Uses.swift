import Lockfiles
import Manifest
import RespanCore

/// Typed references in a saved plan: `{"dataset": "qa", "slot": "dataset_id"}` or
/// `{"evaluator": "tone", "slot": "evaluator_ids", "index": 1}`.
extension SavedPlan {
    static func encode(_ uses: [ManagedUse]) -> JSONValue {
        .array(
            uses.map { use in
                var object: [String: JSONValue] = ["slot": .string(use.slot.field)]
                switch use.reference {
                case .dataset(let name): object["dataset"] = .string(name)
                case .evaluator(let name): object["evaluator"] = .string(name)
                case .prompt(let name): object["prompt"] = .string(name)
                }
                if case .evaluatorID(let index) = use.slot { object["index"] = .int(index) }
                if case .promptStep(let index) = use.slot { object["index"] = .int(index) }
                return .object(object)
            })
    }

    /// The uses at `reader`, or none when the member is absent.
    static func decodeUses(_ reader: SavedPlanReader) throws(SavedPlanError) -> [ManagedUse] {
        guard reader.value != .null else { return [] }
        var uses: [ManagedUse] = []
        for item in try reader.array() {
            _ = try item.object(known: ["dataset", "evaluator", "prompt", "slot", "index"])
            let slot = try item.child("slot").string()
            if slot == "dataset_id" {
                uses.append(ManagedUse(.dataset(try item.child("dataset").nonEmptyString()), slot: .datasetID))
            } else if slot == "evaluator_ids" {
                let name = try item.child("evaluator").nonEmptyString()
                uses.append(ManagedUse(.evaluator(name), slot: .evaluatorID(index: try item.child("index").count())))
            } else if slot == "workflow" {
                let name = try item.child("prompt").nonEmptyString()
                uses.append(ManagedUse(.prompt(name), slot: .promptStep(index: try item.child("index").count())))
            } else {
                throw item.child("slot").fail("not 'dataset_id', 'evaluator_ids' or 'workflow'")
            }
        }
        return uses
    }
}
