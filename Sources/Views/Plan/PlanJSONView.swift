import Applying
import Lockfiles
import Planning
import RespanCore
import Results

/// The versioned JSON view, for machines.
public struct PlanJSONView: OutputView {
    public init() {}

    /// Field changes as JSON; `has_before`/`has_after` tell an absent value from a null one.
    /// `paths` breaks each change down as the text view shows it (added in format 1 as an
    /// optional member: readers that do not know it are unaffected).
    static func fields(_ changes: [FieldChange]) -> JSONValue {
        .array(
            changes.map { change in
                let nested = change.nestedChanges
                var object: [String: JSONValue] = [
                    "field": .string(change.field), "before": change.before ?? .null, "after": change.after ?? .null,
                    "has_before": .bool(change.before != nil), "has_after": .bool(change.after != nil),
                    "forces_replacement": .bool(change.forcesReplacement),
                    "paths": .array(nested.changes.map(path)), "unchanged_values": .int(nested.unchanged),
                ]
                // Optional, like `paths`: the managed objects whose ids apply puts in this field.
                if !change.knownAfterApply.isEmpty {
                    object["known_after_apply"] = .array(
                        change.knownAfterApply.map { .string($0.reference.description) })
                }
                return .object(object)
            })
    }

    private static func path(_ change: PathChange) -> JSONValue {
        [
            "path": .string(change.path), "action": .string(change.action.rawValue),
            "before": change.before ?? .null, "after": change.after ?? .null,
            "has_before": .bool(change.before != nil), "has_after": .bool(change.after != nil),
        ]
    }

    public func document(_ plan: Plan) -> JSONValue {
        let fields = Self.fields
        let changes: [JSONValue] = plan.changes.map { change in
            var object: [String: JSONValue] = [
                "key": .string(change.key), "action": .string(change.action.rawValue),
                "fields": fields(change.fields), "drift": fields(change.drift), "recreate": .bool(change.recreate),
            ]
            object["remote_id"] = change.remoteID.map(JSONValue.string) ?? .null
            object["new_id"] = change.newID.map(JSONValue.string) ?? .null
            object["reason"] = change.reason.map(JSONValue.string) ?? .null
            object["body"] = change.body ?? .null
            if let retire = change.retire { object["retire"] = .string(retire) }
            return .object(object)
        }
        let document: JSONValue = [
            "format_version": .int(Plan.formatVersion), "changes": .array(changes),
            "orphaned": .array(plan.orphaned.map { .string($0) }),
            "moved": .array(plan.moves.map { ["from": .string($0.from), "to": .string($0.to)] }),
            "summary": [
                "create": .int(plan.count(.create)), "update": .int(plan.count(.update)),
                "adopt": .int(plan.count(.adopt)), "forget": .int(plan.count(.forget)),
                "replace": .int(plan.count(.replace)), "delete": .int(plan.count(.delete)),
                "no_op": .int(plan.count(.noop)),
            ],
            "refresh_requests": .int(plan.refreshRequests), "has_changes": .bool(plan.hasChanges),
            "cost": CostJSON.document(plan.cost),
        ]
        // Optional: present when the plan says where it was made (always, from the CLI).
        return document.adding("destination", plan.destination.map(\.json))
    }

    public func render(_ plan: Plan) -> String {
        var document = ManagedPlanJSON.adding(plan.managed, to: document(plan))
        if let migration = plan.migration, var object = document.objectValue {
            // Optional, like `managed`: present only when an older lockfile was migrated on read.
            object["lockfile_migration"] = [
                "from_format_version": .int(migration.fromVersion),
                "recomputed": .array(migration.recomputed.map { .string($0) }),
            ]
            document = .object(object)
        }
        return document.serialized(pretty: true) + "\n"
    }
}

extension JSONValue {
    /// The object with `key` set to `value`; unchanged when `value` is nil (an optional member
    /// that is left out rather than null, so documents without it keep their bytes).
    fileprivate func adding(_ key: String, _ value: JSONValue?) -> JSONValue {
        guard let value, var object = objectValue else { return self }
        object[key] = value
        return .object(object)
    }
}
