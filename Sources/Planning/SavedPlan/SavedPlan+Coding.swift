import Lockfiles
import RespanCore

extension SavedPlan {
    /// The saved plan as canonical JSON (no secret: bodies and ids only), in its own codec:
    /// what `decode` reads back, plus the plan's counts for readers of `schemas/plan.schema.json`.
    public func encoded() -> String {
        var document: [String: JSONValue] = [
            "format_version": .int(Plan.formatVersion), "has_changes": .bool(plan.hasChanges),
            "orphaned": .array(plan.orphaned.map { .string($0) }),
            "moved": .array(plan.moves.map { ["from": .string($0.from), "to": .string($0.to)] }),
            "refresh_requests": .int(plan.refreshRequests),
            "summary": .object(
                Dictionary(uniqueKeysWithValues: PlanAction.allCases.map { (Self.countName($0), .int(plan.count($0))) })
            ),
        ]
        document["kind"] = .string(Self.kind)
        document["saved_format_version"] = .int(Self.formatVersion)
        document["changes"] = .array(plan.changes.map(Self.encode))
        document["managed_changes"] = Self.encode(plan.managed)
        document["destination"] = plan.destination?.json ?? .null
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

    private static func encode(_ change: PlannedChange) -> JSONValue {
        var object: [String: JSONValue] = [
            "key": .string(change.key), "action": .string(change.action.rawValue),
            "fields": encode(change.fields), "drift": encode(change.drift),
            "recreate": .bool(change.recreate), "protect": .bool(change.protect),
        ]
        object["remote_id"] = change.remoteID.map(JSONValue.string) ?? .null
        object["new_id"] = change.newID.map(JSONValue.string) ?? .null
        object["reason"] = change.reason.map(JSONValue.string) ?? .null
        object["body"] = change.body ?? .null
        object["applied"] = change.applied ?? .null
        object["generation"] = .int(change.generation)
        if let retire = change.retire { object["retire"] = .string(retire) }
        if !change.pending.isEmpty { object["pending"] = encode(change.pending) }
        // What apply records with the run (like-for-like comparisons read it).
        if !change.evaluatorVersions.isEmpty {
            object["evaluator_versions"] = .object(change.evaluatorVersions.mapValues(JSONValue.string))
        }
        if change.location != nil { object["location"] = encode(change.location) }
        return .object(object)
    }

    private static func encode(_ fields: [FieldChange]) -> JSONValue {
        .array(
            fields.map { change in
                [
                    "field": .string(change.field), "before": change.before ?? .null, "after": change.after ?? .null,
                    "has_before": .bool(change.before != nil), "has_after": .bool(change.after != nil),
                    "forces_replacement": .bool(change.forcesReplacement),
                    "known_after_apply": encode(change.knownAfterApply),
                ]
            })
    }

    /// The plan view's summary names: `no_op` for the no-op action.
    private static func countName(_ action: PlanAction) -> String {
        action == .noop ? "no_op" : action.rawValue
    }
}
