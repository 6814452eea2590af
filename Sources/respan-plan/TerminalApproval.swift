import Foundation
import Planning

/// Shows the plan and asks the person at the terminal (or approves with `--auto-approve`).
struct TerminalApproval: ApplyApproval {
    let autoApprove: Bool
    let colors: Bool

    func show(_ plan: Plan) async {
        Console.out(PlanTextView(colors: colors).render(plan))
    }

    func approve(_ plan: Plan, verb: ApplyVerb) async -> ApprovalAnswer {
        if autoApprove { return .approved }
        guard Console.standardInputIsTerminal else { return .unavailable }
        Console.out("\nDo you want to \(verb.rawValue) these changes? Only 'yes' is accepted: ")
        return readLine()?.trimmingCharacters(in: .whitespaces) == "yes" ? .approved : .declined
    }

    /// Progress on standard error, one line a change, so standard output stays the plan and summary.
    func finished(_ change: AppliedChange) async {
        Console.error(ApplyOutcomeTextView().progress(change))
    }
}
