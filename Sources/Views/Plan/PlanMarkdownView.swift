import Applying
import Lockfiles
import Planning
import RespanCore
import Results

/// A Markdown summary for pull-request comments: a table of changes, then details, cut with
/// a note before it passes `limit` characters (GitHub comments hold 65,536).
public struct PlanMarkdownView: PlanView {
    public var limit: Int

    public init(limit: Int = 60_000) {
        self.limit = limit
    }

    public func render(_ plan: Plan) -> String {
        var head = "### respan-plan\n\n"
        guard plan.hasChanges else {
            return head + "No changes. The experiments on Respan match the manifest.\n"
        }
        head += "**Plan:** \(plan.summaryLine).\n\n| action | experiment | fields |\n|---|---|---|\n"
        for change in plan.actionable {
            let fields = change.fields.map { "`\($0.field)`" }.joined(separator: ", ")
            head += "| \(symbol(change)) \(change.action.rawValue) | `\(escape(change.key))` | \(fields) |\n"
        }
        for move in plan.moves { head += "| moved | `\(escape(move.from))` → `\(escape(move.to))` | |\n" }
        if let cost = plan.cost, !cost.runs.isEmpty {
            head += "\n**Estimated cost:** ~\(Dollars.text(cost.total))"
            if !cost.unknown.isEmpty { head += " plus \(cost.unknown.count) run(s) of unknown price" }
            head += " _(an estimate; prices checked \(cost.pricesChecked))_\n"
        }
        var details = "\n<details><summary>Details</summary>\n\n```diff\n"
        details += PlanLine.lines(for: plan).map(diffLine).joined(separator: "\n") + "\n"
        details += "```\n\n</details>\n"
        let note = "\n_The plan is longer than this comment allows; run `respan-plan plan` for all of it._\n"
        if head.count + details.count <= limit { return head + details }
        if head.count + note.count <= limit { return head + note }
        return String(head.prefix(limit - note.count)) + note
    }

    /// The text view's line with its symbol moved to the first column, where GitHub's `diff`
    /// highlighting looks for it; the text stays where the text view puts it.
    private func diffLine(_ line: PlanLine) -> String {
        guard let symbol = line.symbol?.rawValue else {
            return line.text.isEmpty ? "" : String(repeating: " ", count: line.indent) + line.text
        }
        return symbol + String(repeating: " ", count: line.indent + 1) + line.text
    }

    private func symbol(_ change: PlannedChange) -> String {
        switch change.action {
        case .create: "+"
        case .update: "~"
        case .replace: "-/+"
        case .delete: "-"
        case .adopt: "="
        case .forget: "."
        case .noop: ""
        }
    }

    private func escape(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }
}
