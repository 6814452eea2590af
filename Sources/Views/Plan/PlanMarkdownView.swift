import Applying
import Lockfiles
import Planning
import RespanCore
import Results

/// A Markdown summary for pull-request comments: a table of changes, then details. At most
/// `limit` UTF-8 bytes (GitHub comments hold 65,536 characters), cut between table rows or diff
/// lines with the table or code block closed, and a note saying what was left out.
public struct PlanMarkdownView: OutputView {
    public var limit: Int

    public init(limit: Int = BoundedMarkdown.defaultLimit) {
        self.limit = limit
    }

    public func render(_ plan: Plan) -> String {
        var document = BoundedMarkdown(limit: limit)
        // Where the plan goes, under the title (and not again in the details).
        let endpoint = plan.destination.map { "**Endpoint:** \(TextEscaping.markdownCell($0.description))\n\n" } ?? ""
        var plan = plan
        plan.destination = nil
        guard plan.hasChanges else {
            return "### respan-plan\n\n\(endpoint)No changes. The experiments on Respan match the manifest.\n"
        }
        document.append("### respan-plan\n\n\(endpoint)**Plan:** \(plan.summaryLine).\n\n")
        let rows =
            plan.actionable.map { change in
                let fields = change.fields.map { TextEscaping.codeSpan($0.field) }.joined(separator: ", ")
                return
                    "| \(symbol(change)) \(change.action.rawValue) | \(TextEscaping.codeSpan(change.key)) | \(fields) |\n"
            }
            + plan.moves.map {
                "| moved | \(TextEscaping.codeSpan($0.from)) → \(TextEscaping.codeSpan($0.to)) | |\n"
            }
        document.lines(open: "| action | experiment | fields |\n|---|---|---|\n", rows, close: "\n")
        if let cost = plan.cost, !cost.runs.isEmpty {
            var line = "**Estimated cost:** ~\(Dollars.text(cost.total))"
            if !cost.unknown.isEmpty { line += " plus \(cost.unknown.count) run(s) of unknown price" }
            document.append(line + " _(an estimate; prices checked \(cost.pricesChecked))_\n\n")
        }
        document.openDetails("Details")
        let lines = PlanLine.lines(for: plan).map { TextEscaping.terminal(diffLine($0)) + "\n" }
        // A fence longer than any run of backticks in the lines: a value cannot close it early.
        let longest = lines.map { Self.longestRun(of: "`", in: $0) }.max() ?? 0
        let fence = String(repeating: "`", count: max(3, longest + 1))
        document.lines(open: fence + "diff\n", lines, close: fence + "\n")
        document.closeDetails()
        return document.finished { lines, blocks in
            "\n_Left out to stay within GitHub's comment limit: \(BoundedMarkdown.describe(lines: lines, blocks: blocks, lineWord: "line")). "
                + "The whole plan: `respan-plan plan` (or `--format json`)._\n"
        }
    }

    static func longestRun(of character: Character, in text: String) -> Int {
        var longest = 0, run = 0
        for each in text {
            run = each == character ? run + 1 : 0
            longest = max(longest, run)
        }
        return longest
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
}
