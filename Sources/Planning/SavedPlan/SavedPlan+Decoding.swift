import Lockfiles
import RespanCore

extension SavedPlan {
    /// Decodes strictly: every value the apply needs must be present and of its type, or the
    /// error names the file and the JSON path. Extra fields (the plan view's summary) are ignored.
    public static func decode(_ text: String, path: String) throws(SavedPlanError) -> SavedPlan {
        let document: JSONValue
        do { document = try JSONValue(parsing: text) } catch { throw .corrupt(path, at: "$", error.description) }
        let root = StrictJSONReader(value: document) { SavedPlanError.corrupt(path, at: $0, $1) }
        guard try root.child("kind").optionalString() == kind else { throw root.child("kind").fail("not a saved plan") }
        let version = try root.child("saved_format_version").int()
        guard version <= formatVersion else { throw .newerVersion(path, version) }
        guard version >= formatVersion else { throw .olderVersion(path, version) }
        let moves = try root.child("moved").array().map { move throws(SavedPlanError) in
            (from: try move.child("from").string(), to: try move.child("to").string())
        }
        var plan = Plan(
            changes: try root.child("changes").array().map(decodeChange),
            orphaned: try root.child("orphaned").array().map { item throws(SavedPlanError) in try item.string() },
            moves: moves, refreshRequests: try root.child("refresh_requests").int())
        plan.managed = try decodeManaged(root.child("managed_changes"))
        if root.child("destination").value != .null {
            plan.destination = try decodeDestination(root.child("destination"))
        }
        let manifest = try root.child("manifest").array().map { entry throws(SavedPlanError) in
            (path: try entry.child("path").string(), digest: try entry.child("digest").string())
        }
        var remote: [String: String?] = [:]
        let remoteReader = root.child("remote")
        for id in try remoteReader.object().keys { remote[id] = try remoteReader.child(id).optionalString() }
        return SavedPlan(
            plan: plan, manifestDigests: manifest, lockfilePath: try root.child("lockfile").child("path").string(),
            lockfileDigest: try root.child("lockfile").child("digest").string(), remote: remote)
    }

    private static func decodeChange(_ reader: SavedPlanReader) throws(SavedPlanError) -> PlannedChange {
        let actionText = try reader.child("action").string()
        guard let action = PlanAction(rawValue: actionText) else {
            throw reader.child("action").fail("unknown action '\(actionText)'")
        }
        func optional(_ name: String) -> JSONValue? { reader.value[name].flatMap { $0 == .null ? nil : $0 } }
        var change = PlannedChange(
            key: try reader.child("key").string(), action: action,
            remoteID: try reader.child("remote_id").optionalString(),
            newID: try reader.child("new_id").optionalString(),
            body: optional("body"), applied: optional("applied"), fields: try decodeFields(reader.child("fields")),
            drift: try decodeFields(reader.child("drift")), reason: try reader.child("reason").optionalString(),
            recreate: try reader.child("recreate").bool(), location: try decodeLocation(reader.child("location")))
        if reader.value["protect"] != nil { change.protect = try reader.child("protect").bool() }
        if reader.value["generation"] != nil { change.generation = try reader.child("generation").int() }
        if reader.value["retire"] != nil { change.retire = try reader.child("retire").optionalString() }
        change.pending = try decodeUses(reader.child("pending"))
        if reader.value["evaluator_versions"] != nil {
            let versions = reader.child("evaluator_versions")
            for name in try versions.object().keys {
                change.evaluatorVersions[name] = try versions.child(name).string()
            }
        }
        return change
    }

    private static func decodeFields(_ reader: SavedPlanReader) throws(SavedPlanError) -> [FieldChange] {
        try reader.array().map { item throws(SavedPlanError) in
            FieldChange(
                field: try item.child("field").string(),
                before: try item.child("has_before").bool() ? item.value["before"] : nil,
                after: try item.child("has_after").bool() ? item.value["after"] : nil,
                forcesReplacement: try item.child("forces_replacement").bool(),
                knownAfterApply: try decodeUses(item.child("known_after_apply")))
        }
    }

    private static func decodeDestination(_ reader: SavedPlanReader) throws(SavedPlanError) -> PlanDestination {
        let sandbox = try reader.child("sandbox").bool()
        let endpoint = try reader.child("endpoint").optionalString()
        guard sandbox || endpoint != nil else { throw reader.child("endpoint").fail("expected the endpoint's URL") }
        return PlanDestination(
            endpoint: endpoint ?? "", sandbox: sandbox, workspace: try reader.child("workspace").optionalString(),
            lockfile: try reader.child("lockfile").string())
    }

    static func decodeLocation(_ reader: SavedPlanReader) throws(SavedPlanError) -> SourceLocation? {
        guard reader.value != .null else { return nil }
        return SourceLocation(
            file: try reader.child("file").string(), line: try reader.child("line").int(),
            column: try reader.child("column").int())
    }
}
