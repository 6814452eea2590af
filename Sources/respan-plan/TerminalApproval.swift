import Applying
import Foundation
import Lockfiles
import Planning
import Views

/// Shows the plan and asks the person at the terminal (or approves with `--auto-approve`).
struct TerminalApproval: ApplyApproval {
    let autoApprove: Bool
    let colors: Bool
    /// Every change listed (`--verbose`), however many.
    var verbose = false
    /// Where the changes go: named in the plan's header and in the question.
    let destination: PlanDestination

    func show(_ plan: Plan) async {
        var plan = plan
        plan.destination = destination
        Console.out(PlanTextView(colors: colors, verbose: verbose).render(plan))
    }

    func approve(_ plan: Plan, verb: ApplyVerb) async -> ApprovalAnswer {
        if autoApprove { return .approved }
        guard Console.standardInputIsTerminal else { return .unavailable }
        Console.out(
            "\nDo you want to \(verb.rawValue) these changes on \(destination.endpointName), \(destination.stateName)? "
                + "Only 'yes' is accepted: ")
        let answer = readLine()?.trimmingCharacters(in: .whitespaces) ?? ""
        if answer == "yes" { return .approved }
        // "y", "Yes", "YES": the person meant yes, and learns what is accepted, but nothing happens.
        if answer.lowercased().hasPrefix("y") {
            Console.error(
                "'\(answer)' is not 'yes': nothing was changed; type the whole word 'yes' to \(verb.rawValue)\n")
        }
        return .declined
    }

    /// Progress on standard error, one line a change, so standard output stays the plan and summary.
    func finished(_ change: AppliedChange) async {
        Console.error(ApplyOutcomeTextView().progress(change))
    }
}
