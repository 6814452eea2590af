import Lockfiles
import Manifest
import RespanCore

extension Planner {
    /// `change` with what its managed objects add: why it reruns ("dataset qa changed: 3 rows
    /// added") and, for each id known only after apply, the field that will hold it.
    func annotated(_ change: PlannedChange, entry: LockEntry?, desired: JSONValue) -> PlannedChange {
        var change = change
        if [.create, .replace, .adopt].contains(change.action) {
            let inputs = ExperimentFields.managedInputs
            let reasons = managed.reasons(old: entry?.applied[inputs], new: desired[inputs])
            if !reasons.isEmpty {
                change.reason = ([reasons.joined(separator: "; ")] + [change.reason].compactMap { $0 })
                    .joined(separator: "; ")
            }
        }
        guard change.action == .create || change.action == .replace else {
            change.pending = []
            return change
        }
        for use in change.pending { mark(use, in: &change, before: entry?.applied, desired: desired) }
        return change
    }

    private func mark(_ use: ManagedUse, in change: inout PlannedChange, before: JSONValue?, desired: JSONValue) {
        let field = use.slot.field
        if let index = change.fields.firstIndex(where: { $0.field == field }) {
            change.fields[index].knownAfterApply.append(use)
            return
        }
        change.fields.append(
            FieldChange(
                field: field, before: before?[field], after: desired[field], forcesReplacement: true,
                knownAfterApply: [use]))
        change.fields.sort { $0.field < $1.field }
    }
}
