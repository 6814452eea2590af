import RespanCore

/// A way to show a plan; one per output format.
public protocol PlanView {
    func render(_ plan: Plan) -> String
}

/// The Terraform-like text view: `+`, `~`, `-/+`, `-`, fields `before → after`.
public struct PlanTextView: PlanView {
    public init() {}

    public func render(_ plan: Plan) -> String {
        var out = ""
        for move in plan.moves { out += "  # \(move.from) has moved to \(move.to) (the remote experiment is kept)\n" }
        let changes = plan.actionable
        if !changes.isEmpty {
            out += "respan-plan will perform these actions:\n\n"
            for change in changes { out += render(change) + "\n" }
        }
        for change in plan.changes where change.action == .noop && !change.drift.isEmpty {
            out += "  # \(change.key) was edited outside respan-plan; nothing to do\n"
        }
        if !plan.orphaned.isEmpty {
            out +=
                "  # \(plan.orphaned.count) managed experiment\(plan.orphaned.count == 1 ? " is" : "s are") no longer in the manifest "
                + "(\(plan.orphaned.joined(separator: ", "))); --prune deletes \(plan.orphaned.count == 1 ? "it" : "them")\n\n"
        }
        if plan.hasChanges {
            out += "Plan: \(plan.summaryLine).\n"
        } else {
            out += "No changes. The experiments on Respan match the manifest.\n"
        }
        return out
    }

    private func render(_ change: PlannedChange) -> String {
        let id = change.remoteID.map { " (\($0))" } ?? ""
        var out: String
        switch change.action {
        case .create:
            out = "  # \(change.key) will be created\(change.reason.map { ": \($0)" } ?? "")\n  + \(change.key)\n"
        case .update: out = "  # \(change.key) will be updated in place\n  ~ \(change.key)\(id)\n"
        case .replace:
            let how = change.recreate ? "created anew; the old run is kept as history" : "replaced: a new run starts"
            out =
                "  # \(change.key) will be \(how)\(change.reason.map { " (\($0))" } ?? "")\n  -/+ \(change.key)\(id)\n"
        case .delete: out = "  # \(change.key) will be deleted\n  - \(change.key)\(id)\n"
        case .noop: out = ""
        }
        if !change.drift.isEmpty {
            out += "      # edited outside respan-plan: \(change.drift.map(\.field).joined(separator: ", "))\n"
        }
        for field in change.fields {
            let value: String
            switch change.action {
            case .create: value = show(field.after)
            default: value = "\(show(field.before)) → \(show(field.after))"
            }
            let note = field.forcesReplacement && change.action == .replace ? "  # forces replacement" : ""
            out += "      \(field.field): \(value)\(note)\n"
        }
        return out
    }

    private func show(_ value: JSONValue?) -> String {
        guard let value else { return "(server default)" }
        let text = value.serialized()
        return text.count > 120 ? String(text.prefix(117)) + "…" : text
    }
}

/// The versioned JSON view, for machines.
public struct PlanJSONView: PlanView {
    public init() {}

    /// Field changes as JSON; `has_before`/`has_after` tell an absent value from a null one.
    static func fields(_ changes: [FieldChange]) -> JSONValue {
        .array(
            changes.map { change in
                [
                    "field": .string(change.field), "before": change.before ?? .null, "after": change.after ?? .null,
                    "has_before": .bool(change.before != nil), "has_after": .bool(change.after != nil),
                    "forces_replacement": .bool(change.forcesReplacement),
                ]
            })
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
            return .object(object)
        }
        return [
            "format_version": .int(Plan.formatVersion), "changes": .array(changes),
            "orphaned": .array(plan.orphaned.map { .string($0) }),
            "moved": .array(plan.moves.map { ["from": .string($0.from), "to": .string($0.to)] }),
            "summary": [
                "create": .int(plan.count(.create)), "update": .int(plan.count(.update)),
                "replace": .int(plan.count(.replace)), "delete": .int(plan.count(.delete)),
                "no_op": .int(plan.count(.noop)),
            ],
            "refresh_requests": .int(plan.refreshRequests), "has_changes": .bool(plan.hasChanges),
        ]
    }

    public func render(_ plan: Plan) -> String { document(plan).serialized(pretty: true) + "\n" }
}
