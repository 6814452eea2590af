import Applying
import Lockfiles
import Manifest
import Planning
import RespanCore
import Results

/// The text and Markdown views' lines for managed datasets and evaluators, shown before the
/// experiments (they are synced first).
enum ManagedPlanLines {
    /// `field` with what apply fills in shown where it goes: `(dataset qa, known after apply)`.
    static func readable(_ field: FieldChange) -> FieldChange {
        guard !field.knownAfterApply.isEmpty else { return field }
        var shown = field
        shown.after =
            ManagedUse.fill(field: field.after, field.knownAfterApply) {
                .string("(\($0), known after apply)")
            }.value
        return shown
    }

    static func lines(for plan: ManagedObjectsPlan) -> [PlanLine] {
        var lines: [PlanLine] = []
        for change in plan.actionableDatasets {
            let rows = change.summary.map { "\($0.rowCount) row\($0.rowCount == 1 ? "" : "s")" } ?? ""
            switch change.action {
            case .upload:
                lines.append(
                    .plain(
                        "# dataset \(change.name) will be uploaded as a new dataset (\(change.reason ?? rows))",
                        indent: 2))
                lines.append(
                    PlanLine(
                        indent: 2, symbol: .create,
                        text: "dataset \(change.name): \(rows) from \(change.file?.path ?? "")"))
                for id in change.discard {
                    lines.append(
                        .plain("# the incomplete dataset \(id) (an upload cut short) will be deleted", indent: 6))
                }
            case .adopt:
                lines.append(
                    .plain(
                        "# dataset \(change.name) will adopt \(change.remoteID ?? "") (\(change.reason ?? "it exists"))",
                        indent: 2))
                lines.append(PlanLine(indent: 2, symbol: .adopt, text: "dataset \(change.name)"))
            case .delete:
                lines.append(
                    .plain(
                        "# dataset \(change.name) (\(change.reason ?? "unused")) will be deleted: no lockfile references it",
                        indent: 2))
                lines.append(
                    PlanLine(indent: 2, symbol: .delete, text: "dataset \(change.name) (\(change.remoteID ?? ""))"))
            case .noop:
                continue
            }
            lines.append(.plain(""))
        }
        for change in plan.actionableEvaluators {
            let id = change.remoteID.map { " (\($0))" } ?? ""
            switch change.action {
            case .create:
                lines.append(
                    .plain("# evaluator \(change.name) will be created and its first version committed", indent: 2))
                lines.append(
                    PlanLine(indent: 2, symbol: .create, text: "evaluator \(change.name) (slug \(change.slug))"))
            case .update:
                let fields = change.changedFields.isEmpty ? "" : ": \(change.changedFields.joined(separator: ", "))"
                lines.append(
                    .plain(
                        "# evaluator \(change.name) will be edited and a new version committed (\(change.reason ?? "changed"))",
                        indent: 2))
                lines.append(PlanLine(indent: 2, symbol: .update, text: "evaluator \(change.name)\(id)\(fields)"))
            case .adopt:
                lines.append(
                    .plain("# evaluator \(change.name) will adopt\(id) (\(change.reason ?? "it exists"))", indent: 2))
                lines.append(PlanLine(indent: 2, symbol: .adopt, text: "evaluator \(change.name)"))
            case .noop:
                continue
            }
            lines.append(.plain(""))
        }
        for change in plan.actionablePrompts { lines += promptLines(change) + [.plain("")] }
        return lines
    }

    private static func promptLines(_ change: PromptChange) -> [PlanLine] {
        switch change.action {
        case .create:
            return [
                .plain("# prompt \(change.name) will be created and its first version committed", indent: 2),
                PlanLine(indent: 2, symbol: .create, text: "prompt \(change.name) (\(change.remoteName))"),
            ]
        case .version:
            return [
                .plain(
                    "# prompt \(change.name) will get a new committed version (\(change.reason ?? "changed"))",
                    indent: 2),
                PlanLine(indent: 2, symbol: .update, text: "prompt \(change.name) (\(change.remoteID ?? ""))"),
            ]
        case .adopt:
            return [
                .plain(
                    "# prompt \(change.name) will use its version \(change.version.map(String.init) ?? "") (\(change.reason ?? "it exists"))",
                    indent: 2),
                PlanLine(indent: 2, symbol: .adopt, text: "prompt \(change.name)"),
            ]
        case .noop:
            return []
        }
    }
}
