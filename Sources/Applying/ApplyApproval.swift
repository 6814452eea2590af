import Lockfiles
import Planning

/// How an apply asks for a go-ahead; the CLI asks the person at the terminal, tests answer
/// directly. The operation calls it only when the plan has changes, after the reference check.
public protocol ApplyApproval: Sendable {
    /// Shown before anything is asked or changed.
    func show(_ plan: Plan) async
    /// Whether to carry out `plan`; `verb` is "apply" or "destroy".
    func approve(_ plan: Plan, verb: ApplyVerb) async -> ApprovalAnswer
    /// One change finished and is recorded in the lockfile (or failed): progress.
    func finished(_ change: AppliedChange) async
}

extension ApplyApproval {
    public func finished(_ change: AppliedChange) async {}
}

public enum ApprovalAnswer: Sendable, Equatable {
    case approved
    case declined
    /// Nobody can be asked (no terminal and no `--auto-approve`).
    case unavailable
}

public enum ApplyVerb: String, Sendable {
    case apply, destroy
}
