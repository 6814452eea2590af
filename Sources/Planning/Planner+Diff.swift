import Lockfiles
import Manifest
import RespanAPI
import RespanCore

extension Planner {
    /// The change for one desired experiment. `remote` holds the refreshed runs by id, including
    /// any found under the ids this plan would create (so they are adopted, not run again).
    func diff(_ experiment: ResolvedExperiment, entry: LockEntry?, remote: [String: Experiment]) -> PlannedChange {
        let bodies = managed.bodies(experiment)
        let desired = bodies.recorded
        let forced = options.forceReplace.contains { $0.matches(experiment.key) }
        let generation = (entry?.generation ?? 0) + (forced && entry != nil ? 1 : 0)
        let derivedID = derivedID(experiment, generation: generation)
        var change = PlannedChange(
            key: experiment.key, action: .noop, remoteID: entry?.id, newID: nil, body: nil, applied: desired,
            fields: [], drift: [], reason: nil, recreate: false, location: experiment.location,
            protect: experiment.protect, generation: entry?.generation ?? 0, pending: bodies.pending)
        guard let entry, let current = remote[entry.id] else {
            return annotated(
                create(change, bodies, entry: entry, derivedID: derivedID, remote: remote), entry: entry,
                desired: desired)
        }
        change.drift = drift(applied: entry.applied, remote: current, ignoring: experiment.ignoreChanges)
        var before = entry.applied.objectValue ?? [:]
        for field in change.drift { before[field.field] = field.before }
        change.fields = fieldChanges(
            before: before, after: desired.objectValue ?? [:], ignoring: experiment.ignoreChanges)
        if forced || change.fields.contains(where: \.forcesReplacement) {
            change.generation = generation
            replace(&change, experiment, bodies, entry: entry, derivedID: derivedID, remote: remote, forced: forced)
        } else if !change.fields.isEmpty && ownedElsewhere.contains(entry.id) {
            // A metadata edit would change a run another state records; it waits for that state.
            change.reason = "another state records \(entry.id); its name and description are left as they are"
            change.fields = []
        } else if !change.fields.isEmpty {
            change.action = .update
            var patch: [String: JSONValue] = [:]
            for field in change.fields { patch[field.field] = field.after ?? Self.cleared(field.field) }
            change.body = .object(patch)
        }
        change.applied = applied(change, experiment, bodies, entry: entry, before: before)
        return annotated(change, entry: entry, desired: desired)
    }

    /// The id a new run of `experiment` gets: the manifest's `experiment_id`, else derived from
    /// its spec with its managed objects' content digests (`ManagedInputs.Bodies.identity`).
    func derivedID(_ experiment: ResolvedExperiment, generation: Int) -> String {
        experiment.body["experiment_id"]?.stringValue
            ?? ExperimentIdentity.derive(
                project: project, key: experiment.key, body: managed.bodies(experiment).identity,
                generation: generation)
    }

    /// No run is recorded (or it was deleted): create one, or adopt the run that already exists
    /// under the id this create would use.
    private func create(
        _ base: PlannedChange, _ bodies: ManagedInputs.Bodies, entry: LockEntry?, derivedID: String,
        remote: [String: Experiment]
    ) -> PlannedChange {
        var change = base
        change.remoteID = nil
        change.applied = ExperimentIdentity.spec(of: bodies.recorded)
        // A journaled create of this spec keeps its id: the POST may have reached Respan. One of
        // an earlier spec does not: that id would come to hold this spec, and a later return to
        // the earlier spec would make it a second run.
        let resumed =
            entry?.state == .pendingCreate && entry?.applied.isSemanticallyEqual(to: change.applied ?? [:]) == true
        let id = resumed ? (entry?.id ?? derivedID) : derivedID
        change.newID = id
        if remote[id] != nil {
            change.action = .adopt
            change.reason =
                entry == nil
                ? "already on Respan under its derived id: made elsewhere, or by an apply whose lockfile was not kept"
                : "already on Respan under its derived id"
            return change
        }
        if entry == nil, let found = foundByName[change.key] {
            change.action = .adopt
            change.newID = found
            change.reason = "found on Respan by its name and spec"
            return change
        }
        change.action = .create
        change.body = withID(bodies.send, id)
        change.fields = fieldChanges(before: [:], after: bodies.recorded.objectValue ?? [:], ignoring: [])
        if entry?.state == .created { change.reason = "deleted outside respan-plan" }
        if resumed { change.reason = "a create that may not have finished; its id is kept" }
        return change
    }

    /// A run-defining change: adopt the run already made for the new spec, or make a new one
    /// (recreate, the default; always in a workspace), or PUT in place (`replace_strategy: put`).
    private func replace(
        _ change: inout PlannedChange, _ experiment: ResolvedExperiment, _ bodies: ManagedInputs.Bodies,
        entry: LockEntry, derivedID: String, remote: [String: Experiment], forced: Bool
    ) {
        change.reason = forced ? "forced by --replace" : nil
        let superseded = options.pruneHistory && !ownedElsewhere.contains(entry.id) ? entry.id : nil
        if derivedID != entry.id, remote[derivedID] != nil {
            change.action = .adopt
            change.newID = derivedID
            change.reason =
                "the run for this spec already exists on Respan (made by a pull request, or another machine)"
            change.retire = superseded
            return
        }
        change.action = .replace
        // Only a managed object changed: a PUT of the same body would not rerun, so a new run.
        let onlyManaged = change.fields.filter(\.forcesReplacement).map(\.field) == [ExperimentFields.managedInputs]
        if experiment.replaceStrategy == .recreate || ownedElsewhere.contains(entry.id) || onlyManaged {
            change.recreate = true
            change.newID = derivedID
            change.body = withID(bodies.send, derivedID)
            change.retire = superseded
            if ownedElsewhere.contains(entry.id) && change.reason == nil {
                change.reason = "another state records \(entry.id); it is kept for comparison"
            }
        } else {
            // PUT in place; the planned id is where apply makes the new run should the PUT not start one.
            change.newID = derivedID
            change.body = withID(bodies.send, nil)
        }
    }

    /// What the lockfile records once the change is applied: the desired body, except for
    /// ignored fields, which keep what is there.
    private func applied(
        _ change: PlannedChange, _ experiment: ResolvedExperiment, _ bodies: ManagedInputs.Bodies, entry: LockEntry,
        before: [String: JSONValue]
    ) -> JSONValue {
        if change.action == .noop { return entry.applied }
        var applied = bodies.recorded.objectValue ?? [:]
        for field in experiment.ignoreChanges { applied[field] = before[field] }
        applied["experiment_id"] = nil
        return .object(applied)
    }

    /// The value a PATCH sends to clear a metadata field the manifest no longer sets.
    static func cleared(_ field: String) -> JSONValue { "" }

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
            return FieldChange(
                field: field, before: old, after: new, forcesReplacement: ExperimentFields.run.contains(field))
        }
    }

    /// Fields the remote holds differently from what was last applied. Only fields that were
    /// applied and that the response carries are compared, so server-filled defaults never
    /// count as drift.
    func drift(applied: JSONValue, remote: Experiment, ignoring: Set<String>) -> [FieldChange] {
        var changes: [FieldChange] = []
        // Only fields the API lets us write: anything else the server holds is not ours to plan back.
        for (field, value) in (applied.objectValue ?? [:]).sorted(by: { $0.key < $1.key })
        where !ignoring.contains(field) && field != "experiment_id" && ExperimentFields.documented.contains(field) {
            guard let held = remote.raw[field], held != .null else { continue }
            if field == "description", held == "", value == "" { continue }
            if !value.isHeld(by: held) {
                changes.append(
                    FieldChange(
                        field: field, before: held, after: value,
                        forcesReplacement: ExperimentFields.run.contains(field)))
            }
        }
        return changes
    }
}
