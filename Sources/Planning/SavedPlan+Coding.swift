import RespanCore

extension SavedPlan {
    /// The saved plan as canonical JSON (no secret: bodies and ids only).
    public func encoded() -> String {
        var document = PlanJSONView().document(plan).objectValue ?? [:]
        document["kind"] = .string(Self.kind)
        document["saved_format_version"] = .int(Self.formatVersion)
        document["changes"] = .array(plan.changes.map(Self.encode))
        document["manifest"] = .array(manifestDigests.map { ["path": .string($0.path), "digest": .string($0.digest)] })
        document["lockfile"] = ["path": .string(lockfilePath), "digest": .string(lockfileDigest)]
        document["remote"] = .object(remote.mapValues { $0.map(JSONValue.string) ?? .null })
        return JSONValue.object(document).serialized(pretty: true) + "\n"
    }

    /// Whether `text` is a saved plan (rather than a manifest).
    public static func isSavedPlan(_ text: String) -> Bool {
        guard text.first(where: { !$0.isWhitespace }) == "{", let value = try? JSONValue(parsing: text) else {
            return false
        }
        return value["kind"]?.stringValue == kind
    }

    public static func decode(_ text: String, path: String) throws(LockfileError) -> SavedPlan {
        let document: JSONValue
        do { document = try JSONValue(parsing: text) } catch { throw .corrupt(path, error.description) }
        guard document["kind"]?.stringValue == kind, let version = document["saved_format_version"]?.intValue else {
            throw .corrupt(path, "not a saved plan")
        }
        guard version <= formatVersion else { throw .newerVersion(path, version) }
        let changes = (document["changes"]?.arrayValue ?? []).compactMap(decodeChange)
        let moves = (document["moved"]?.arrayValue ?? []).compactMap { move -> (from: String, to: String)? in
            guard let from = move["from"]?.stringValue, let to = move["to"]?.stringValue else { return nil }
            return (from, to)
        }
        let plan = Plan(
            changes: changes, orphaned: (document["orphaned"]?.arrayValue ?? []).compactMap(\.stringValue),
            moves: moves,
            refreshRequests: document["refresh_requests"]?.intValue ?? 0)
        let manifest = (document["manifest"]?.arrayValue ?? []).compactMap { entry -> (path: String, digest: String)? in
            guard let path = entry["path"]?.stringValue, let digest = entry["digest"]?.stringValue else { return nil }
            return (path, digest)
        }
        return SavedPlan(
            plan: plan, manifestDigests: manifest, lockfilePath: document["lockfile"]?["path"]?.stringValue ?? "",
            lockfileDigest: document["lockfile"]?["digest"]?.stringValue ?? "",
            remote: (document["remote"]?.objectValue ?? [:]).mapValues { $0.stringValue })
    }

    private static func encode(_ change: PlannedChange) -> JSONValue {
        let fields = PlanJSONView.fields
        var object: [String: JSONValue] = [
            "key": .string(change.key), "action": .string(change.action.rawValue), "fields": fields(change.fields),
            "drift": fields(change.drift), "recreate": .bool(change.recreate),
        ]
        object["remote_id"] = change.remoteID.map(JSONValue.string) ?? .null
        object["new_id"] = change.newID.map(JSONValue.string) ?? .null
        object["reason"] = change.reason.map(JSONValue.string) ?? .null
        object["body"] = change.body ?? .null
        object["applied"] = change.applied ?? .null
        if let location = change.location {
            object["location"] = [
                "file": .string(location.file), "line": .int(location.line), "column": .int(location.column),
            ]
        }
        return .object(object)
    }

    private static func decodeChange(_ value: JSONValue) -> PlannedChange? {
        guard let key = value["key"]?.stringValue, let action = value["action"]?.stringValue.flatMap(PlanAction.init)
        else {
            return nil
        }
        func fields(_ name: String) -> [FieldChange] {
            (value[name]?.arrayValue ?? []).compactMap { item in
                guard let field = item["field"]?.stringValue else { return nil }
                return FieldChange(
                    field: field, before: item["has_before"] == true ? item["before"] : nil,
                    after: item["has_after"] == true ? item["after"] : nil,
                    forcesReplacement: item["forces_replacement"] == true)
            }
        }
        func optional(_ name: String) -> JSONValue? { value[name] == .null ? nil : value[name] }
        let location = value["location"].flatMap { place -> SourceLocation? in
            guard let file = place["file"]?.stringValue, let line = place["line"]?.intValue,
                let column = place["column"]?.intValue
            else { return nil }
            return SourceLocation(file: file, line: line, column: column)
        }
        return PlannedChange(
            key: key, action: action, remoteID: value["remote_id"]?.stringValue, newID: value["new_id"]?.stringValue,
            body: optional("body"), applied: optional("applied"), fields: fields("fields"), drift: fields("drift"),
            reason: value["reason"]?.stringValue, recreate: value["recreate"] == true, location: location)
    }
}
