import Applying
import Lockfiles
import Planning
import RespanCore
import Results

/// The kind of change a line of the human plan shows, drawn as `+`, `~`, `-/+` or `-`.
enum PlanSymbol: String {
    case create = "+"
    case update = "~"
    case replace = "-/+"
    case delete = "-"
    /// An existing run recorded, not made: no request, no cost.
    case adopt = "="
    /// A lockfile entry dropped; the remote run is kept.
    case forget = "."

    init?(_ action: PlanAction) {
        switch action {
        case .create: self = .create
        case .update: self = .update
        case .replace: self = .replace
        case .delete: self = .delete
        case .adopt: self = .adopt
        case .forget: self = .forget
        case .noop: return nil
        }
    }

    init(_ action: PathChange.Action) {
        switch action {
        case .create: self = .create
        case .update: self = .update
        case .delete: self = .delete
        }
    }
}

/// One line of the human plan: text at an indent, after a change symbol when it has one.
/// The text and Markdown views lay the same lines out differently (the Markdown `diff` block
/// wants the symbol in the first column).
struct PlanLine: Equatable {
    var indent: Int
    var symbol: PlanSymbol?
    var text: String

    static func plain(_ text: String, indent: Int = 0) -> PlanLine {
        PlanLine(indent: indent, symbol: nil, text: text)
    }

    /// Every line of the plan: moves, the changes, notes, and the summary. Past `limit`
    /// changes, they are summarised by action and key pattern (`PlanSummaryLines`).
    static func lines(for plan: Plan, limit: Int? = nil) -> [PlanLine] {
        var lines = plan.destination.map { [plain("Endpoint: \($0)"), plain("")] } ?? []
        lines += plan.migration.map { [plain("# The lockfile was \($0.summary)", indent: 2), plain("")] } ?? []
        lines +=
            ManagedPlanLines.lines(for: plan.managed)
            + plan.moves.map {
                plain("# \($0.from) has moved to \($0.to) (the remote experiment is kept)", indent: 2)
            }
        let changes = plan.actionable
        if let limit, changes.count > limit {
            lines += PlanSummaryLines.lines(for: changes, limit: limit)
        } else if !changes.isEmpty {
            lines += [plain("respan-plan will perform these actions:"), plain("")]
            for change in changes { lines += self.lines(for: change) + [plain("")] }
        }
        for change in plan.changes where change.action == .noop && !change.drift.isEmpty {
            lines.append(plain("# \(change.key) was edited outside respan-plan; nothing to do", indent: 2))
        }
        if !plan.orphaned.isEmpty {
            let count = plan.orphaned.count
            lines.append(
                plain(
                    "# \(count) managed experiment\(count == 1 ? " is" : "s are") no longer in the manifest "
                        + "(\(plan.orphaned.joined(separator: ", "))); --prune deletes \(count == 1 ? "it" : "them")",
                    indent: 2))
            lines.append(plain(""))
        }
        lines.append(
            plain(
                plan.hasChanges
                    ? "Plan: \(plan.summaryLine)." : "No changes. The experiments on Respan match the manifest."))
        let cost = CostLines.lines(for: plan.cost, limit: limit)
        if !cost.isEmpty { lines += [plain("")] + cost.map { plain($0) } }
        return lines
    }

    /// A change's header, its drift note and its fields.
    static func lines(for change: PlannedChange) -> [PlanLine] {
        let id = change.remoteID.map { " (\($0))" } ?? ""
        let header: String
        switch change.action {
        case .create: header = "# \(change.key) will be created\(change.reason.map { ": \($0)" } ?? "")"
        case .update: header = "# \(change.key) will be updated in place"
        case .replace:
            let how =
                change.recreate
                ? "created anew; the old run is kept as history"
                : "replaced in place with PUT (replace_strategy: put; a new experiment if no new run starts)"
            header = "# \(change.key) will be \(how)\(change.reason.map { " (\($0))" } ?? "")"
        case .delete: header = "# \(change.key) will be deleted"
        case .adopt:
            header = "# \(change.key) will adopt \(change.newID ?? "") (\(change.reason ?? "it exists")); no run starts"
        case .forget: header = "# \(change.key) will be forgotten: \(change.reason ?? "the remote run is kept")"
        case .noop: return []
        }
        var lines = [
            plain(header, indent: 2),
            PlanLine(
                indent: 2, symbol: PlanSymbol(change.action), text: change.key + (change.action == .create ? "" : id)),
        ]
        if !change.drift.isEmpty {
            lines.append(
                plain("# edited outside respan-plan: \(change.drift.map(\.field).joined(separator: ", "))", indent: 6))
        }
        if let retired = change.retire {
            lines.append(plain("# --prune-history: the earlier run \(retired) will be deleted", indent: 6))
        }
        guard change.action != .adopt && change.action != .forget else { return lines }
        for field in change.fields { lines += self.lines(for: field, in: change.action) }
        return lines
    }

    /// A created experiment's field is one value; any other field is its changed paths, with
    /// a count of the unchanged values around them.
    static func lines(for field: FieldChange, in action: PlanAction) -> [PlanLine] {
        let field = ManagedPlanLines.readable(field)
        if action == .create {
            return [PlanLine(indent: 6, symbol: .create, text: "\(field.field): \(show(field.after))")]
        }
        let nested = field.nestedChanges
        let note = field.forcesReplacement && action == .replace ? "  # forces replacement" : ""
        var lines = nested.changes.map { change in
            PlanLine(
                indent: 6, symbol: PlanSymbol(change.action),
                text: change.path + ": " + describe(change, wholeField: change.path == field.field) + note)
        }
        if nested.unchanged > 0 {
            lines.append(
                plain("# (\(nested.unchanged) unchanged value\(nested.unchanged == 1 ? "" : "s") hidden)", indent: 8))
        }
        return lines
    }

    /// `before → after` for an update; the one value for an added or removed path; a whole
    /// field that goes away falls back to the server's default.
    private static func describe(_ change: PathChange, wholeField: Bool) -> String {
        switch change.action {
        case .create: show(change.after)
        case .update: "\(show(change.before)) → \(show(change.after))"
        case .delete: wholeField ? "\(show(change.before)) → \(show(nil))" : show(change.before)
        }
    }

    static func show(_ value: JSONValue?) -> String {
        guard let value else { return "(server default)" }
        let text = value.serialized()
        return text.count > 120 ? String(text.prefix(117)) + "…" : text
    }
}
