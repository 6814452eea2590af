import Lockfiles
import Planning
import RespanCore

/// What an apply or destroy did: plain data for a view to render and the CLI to map to an exit code.
public struct ApplyOutcome: Sendable {
    public enum Status: Sendable, Equatable {
        /// Every planned change succeeded (or there was nothing to change).
        case applied
        /// The plan could not be made or a referenced object is missing: nothing was changed.
        case notPlanned
        /// A saved plan was refused because something it read has moved on.
        case stale
        case declined
        /// No terminal to ask and no `--auto-approve`.
        case approvalUnavailable
        /// Ctrl-C: the changes under way finished and are recorded; the rest did not start.
        case interrupted
        /// `--timeout` ran out (after this many seconds): as `interrupted`, the changes under
        /// way finished and are recorded, and the rest did not start.
        case timedOut(seconds: Double)
        /// At least one change failed; the others went on and are recorded.
        case changesFailed
        /// The estimate is above `--max-cost` (or cannot be checked): nothing was started.
        case overBudget
    }

    public var verb: ApplyVerb
    public var status: Status
    /// The plan carried out (nil when planning failed).
    public var plan: Plan?
    /// Planning errors, missing references or staleness reasons, and failed changes, each at
    /// the manifest location of its experiment (or of the field a 422 names).
    public var diagnostics: [Diagnostic]
    public var applied: [AppliedChange]

    /// Successful changes of `action`; a create that adopted what was already there counts as
    /// an adoption, not a create.
    public func count(_ action: PlanAction) -> Int {
        applied.count { done in
            guard done.error == nil else { return false }
            if done.adopted { return action == .adopt }
            return done.change.action == action
        }
    }

    public var failures: [AppliedChange] { applied.filter { $0.error != nil } }

    /// Changes planned but never started (after Ctrl-C or `--timeout`).
    public var notStarted: Int { max(0, (plan?.actionable.count ?? 0) - applied.count) }
}
