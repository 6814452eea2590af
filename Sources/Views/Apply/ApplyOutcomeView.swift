import Applying
import Lockfiles
import Planning
import RespanCore
import Results

/// The end of an apply or destroy as text: the summary line on standard output, and the notice
/// for standard error that explains an interruption, a refusal or a stale saved plan.
public struct ApplyOutcomeTextView: OutputView {
    public init() {}

    /// "Apply complete: 2 created, 0 updated, 0 replaced, 0 deleted." (empty when nothing ran).
    /// The word says how it ended: "complete" only when every change was made, "interrupted"
    /// after Ctrl-C, "incomplete" when some failed. Destroy counts only what it does: deletions.
    /// The summary, then a line naming the endpoint and the state it went to.
    public func render(_ outcome: ApplyOutcome, destination: PlanDestination) -> String {
        let summary = render(outcome)
        guard !summary.isEmpty, outcome.status != .declined else { return summary }
        return summary + "Endpoint: \(destination)\n"
    }

    public func render(_ outcome: ApplyOutcome) -> String {
        let verb = outcome.verb.rawValue.capitalized
        switch outcome.status {
        case .declined: return "\(verb) cancelled.\n"
        case .notPlanned, .stale, .approvalUnavailable, .overBudget: return ""
        case .applied where !(outcome.plan?.hasChanges ?? false): return ""
        case .applied, .interrupted, .timedOut, .changesFailed:
            let failed = outcome.failures.count
            let ending =
                outcome.status == .interrupted ? "interrupted" : outcome.status == .applied ? "complete" : "incomplete"
            var line =
                outcome.verb == .destroy
                ? "\n\(verb) \(ending): \(outcome.count(.delete)) deleted"
                : "\n\(verb) \(ending): \(outcome.count(.create)) created, \(outcome.count(.update)) updated, "
                    + "\(outcome.count(.replace)) replaced, \(outcome.count(.delete)) deleted"
            // Lockfile-only changes are named when there are some: no request was sent for them.
            if outcome.count(.adopt) > 0 { line += ", \(outcome.count(.adopt)) adopted" }
            if outcome.count(.forget) > 0 { line += ", \(outcome.count(.forget)) forgotten" }
            // `--prune-history`: superseded runs deleted once their successors were recorded.
            let retired = outcome.applied.count { $0.error == nil && $0.change.retire != nil }
            if retired > 0 { line += ", \(retired) history run\(retired == 1 ? "" : "s") deleted" }
            return line + (failed == 0 ? ".\n" : "; \(failed) failed.\n")
        }
    }

    /// One finished change: "mini-quality: created (exp_…)", or "… create failed".
    public func progress(_ applied: AppliedChange) -> String {
        let change = applied.change
        let id = applied.recordedID ?? change.newID ?? change.remoteID
        guard applied.error == nil else { return "\(change.key): \(change.action.rawValue) failed\n" }
        let done: String
        switch change.action {
        case _ where applied.adopted: done = "adopted (it was already on Respan with this spec)"
        case .create: done = "created"
        case .update: done = "updated"
        case .replace: done = change.recreate ? "created anew" : "replaced"
        case .delete: done = "deleted"
        case .adopt: done = "adopted"
        case .forget: done = "forgotten"
        case .noop: done = "unchanged"
        }
        return "\(change.key): \(done)\(id.map { " (\($0))" } ?? "")\n"
    }

    /// What standard error says after the diagnostics, or "".
    public func notice(_ outcome: ApplyOutcome, planFile: String? = nil) -> String {
        let verb = outcome.verb.rawValue
        switch outcome.status {
        case .interrupted:
            let done = outcome.applied.count
            return "Interrupted: \(done) change\(done == 1 ? "" : "s") finished and recorded in the lockfile; "
                + "\(outcome.notStarted) not started.\n"
        case .timedOut(let seconds):
            let done = outcome.applied.count
            return
                "Timed out after \(Duration.seconds(seconds).inWords) (--timeout): \(done) change\(done == 1 ? "" : "s") "
                + "finished and recorded in the lockfile; \(outcome.notStarted) not started. "
                + "Run 'respan-plan \(verb)' again to carry out the rest.\n"
        case .approvalUnavailable:
            return "error: \(verb) needs confirmation, and there is no terminal to ask on; pass --auto-approve\n"
        case .stale:
            let reasons = outcome.diagnostics.map(\.message).joined(separator: "; ")
            return "error: the saved plan '\(planFile ?? "")' is stale: \(reasons); run 'respan-plan plan' again\n"
        case .notPlanned: return "Nothing was changed.\n"
        case .overBudget: return "Nothing was started. Raise --max-cost, or narrow the apply with --target.\n"
        default: return ""
        }
    }
}
