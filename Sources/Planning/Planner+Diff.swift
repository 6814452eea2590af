import Manifest
import RespanAPI
import RespanCore

extension Planner {
    /// The change for one desired experiment.
    func diff(_ experiment: ResolvedExperiment, entry: LockEntry?, remote: Experiment?) -> PlannedChange {
        let desired = experiment.body
        var change = PlannedChange(
            key: experiment.key, action: .noop, remoteID: entry?.id, newID: nil, body: nil, applied: desired,
            fields: [],
            drift: [], reason: nil, recreate: false, location: experiment.location, protect: experiment.protect)
        guard let entry, let remote else {
            change.action = .create
            change.remoteID = nil
            change.newID = desired["experiment_id"]?.stringValue ?? entry?.id ?? newID()
            change.body = withID(desired, change.newID)
            change.fields = fieldChanges(before: [:], after: desired.objectValue ?? [:], ignoring: [])
            if entry?.state == .created { change.reason = "deleted outside respan-plan" }
            if entry?.state == .pendingCreate { change.reason = "a create that may not have finished; its id is kept" }
            return change
        }
        change.drift = drift(applied: entry.applied, remote: remote, ignoring: experiment.ignoreChanges)
        var current = entry.applied.objectValue ?? [:]
        for field in change.drift { current[field.field] = field.before }
        change.fields = fieldChanges(
            before: current, after: desired.objectValue ?? [:], ignoring: experiment.ignoreChanges)
        let forced = options.forceReplace.contains { $0.matches(experiment.key) }
        if forced || change.fields.contains(where: \.forcesReplacement) {
            change.action = .replace
            change.reason = forced ? "forced by --replace" : nil
            if experiment.replaceStrategy == .recreate {
                change.recreate = true
                change.newID = newID()
                change.body = withID(desired, change.newID)
            } else {
                change.body = withID(desired, nil)
            }
        } else if !change.fields.isEmpty {
            change.action = .update
            var patch: [String: JSONValue] = [:]
            for field in change.fields { patch[field.field] = field.after ?? Self.cleared(field.field) }
            change.body = .object(patch)
        }
        if !change.fields.isEmpty || forced {
            // What the lockfile records: the desired body, except for ignored fields, which
            // keep what is there.
            var applied = desired.objectValue ?? [:]
            for field in experiment.ignoreChanges { applied[field] = current[field] }
            change.applied = .object(applied.filter { $0.key != "experiment_id" })
        } else {
            change.applied = entry.applied
        }
        return change
    }

    /// The value a PATCH sends to clear a metadata field the manifest no longer sets.
    static func cleared(_ field: String) -> JSONValue {
        field == "tags" ? [] : ""
    }

    private func withID(_ body: JSONValue, _ id: String?) -> JSONValue {
        var object = body.objectValue ?? [:]
        object["experiment_id"] = id.map(JSONValue.string)
        return .object(object)
    }

    func fieldChanges(before: [String: JSONValue], after: [String: JSONValue], ignoring: Set<String>) -> [FieldChange] {
        let fields = Set(before.keys).union(after.keys).subtracting(ignoring).subtracting(["experiment_id"])
        return fields.sorted().compactMap { field in
            let old = before[field], new = after[field]
            if let old, let new, old.isSemanticallyEqual(to: new) { return nil }
            if old == nil && new == nil { return nil }
            return FieldChange(field: field, before: old, after: new, forcesReplacement: Self.runFields.contains(field))
        }
    }

    /// Fields the remote holds differently from what was last applied. Only fields that were
    /// applied and that the response carries are compared, so server-filled defaults never
    /// count as drift.
    func drift(applied: JSONValue, remote: Experiment, ignoring: Set<String>) -> [FieldChange] {
        var changes: [FieldChange] = []
        for (field, value) in (applied.objectValue ?? [:]).sorted(by: { $0.key < $1.key })
        where !ignoring.contains(field) && field != "experiment_id" {
            guard let held = remote.raw[field], held != .null else { continue }
            if field == "description", held == "", value == "" { continue }
            if !held.isSemanticallyEqual(to: value) {
                changes.append(
                    FieldChange(
                        field: field, before: held, after: value, forcesReplacement: Self.runFields.contains(field)))
            }
        }
        return changes
    }
}
