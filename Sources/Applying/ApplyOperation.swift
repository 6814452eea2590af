import Lockfiles
import Manifest
import Planning
import RespanAPI
import RespanCore

/// `apply` and `destroy` as one operation: lock, plan, check references, ask, apply, record.
///
/// It never prints: the plan goes to `approval.show`, the result comes back as an
/// `ApplyOutcome`. Runtime failures (the lock is held, the lockfile is corrupt, Respan cannot be
/// reached) are thrown as their typed errors.
public struct ApplyOperation: Sendable {
    public var remote: any ExperimentRemote
    /// The state applied to: the default lockfile, or a workspace's beside it.
    public var state: StateSet
    public var parallelism: Int
    /// How long to wait for another apply's lock; zero fails at once.
    public var lockTimeout: Duration
    /// Set by Ctrl-C: no new change starts; those under way finish and are recorded.
    public var stopRequest: StopRequest
    /// `--max-cost`: refuse a plan whose runs may cost more, before anything starts.
    public var budget: Budget?

    public init(
        remote: any ExperimentRemote, state: StateSet, parallelism: Int = 4, lockTimeout: Duration = .zero,
        stopRequest: StopRequest = StopRequest(), budget: Budget? = nil
    ) {
        self.remote = remote
        self.state = state
        self.parallelism = parallelism
        self.lockTimeout = lockTimeout
        self.stopRequest = stopRequest
        self.budget = budget
    }

    /// Plans `desired` (with `options.destroy` for destroy) and carries the plan out.
    public func run(
        _ desired: DesiredState, options: PlanOptions, verb: ApplyVerb, approval: any ApplyApproval
    ) async throws -> ApplyOutcome {
        try await state.store.locked(timeout: lockTimeout) {
            try await plan(desired, options: options, verb: verb, approval: approval)
        }
    }

    private func plan(
        _ desired: DesiredState, options: PlanOptions, verb: ApplyVerb, approval: any ApplyApproval
    ) async throws -> ApplyOutcome {
        let result = try await PlanSession(remote: remote, store: state.store, state: state).plan(
            desired, options: options)
        guard !result.diagnostics.hasErrors else {
            return ApplyOutcome(
                verb: verb, status: .notPlanned, plan: nil, diagnostics: result.diagnostics.sorted, applied: [])
        }
        if let budget, let violation = budget.violation(result.plan.cost) {
            await approval.show(result.plan)
            return ApplyOutcome(
                verb: verb, status: .overBudget, plan: result.plan, diagnostics: [.error(violation, at: nil)],
                applied: [])
        }
        var outcome = try await carryOut(
            result.plan, lockfile: result.lockfile, store: state.store, verb: verb, approval: approval,
            fieldLocations: Self.fieldLocations(desired))
        // The plan's warnings (what the remote is known to do) stay with the outcome.
        outcome.diagnostics = result.diagnostics.sorted + outcome.diagnostics
        return outcome
    }

    /// Carries out a saved plan exactly, in the lockfile it was made against, after checking
    /// that nothing it read has moved on.
    public func run(saved: SavedPlan, approval: any ApplyApproval) async throws -> ApplyOutcome {
        let store = LockfileStore(path: saved.lockfilePath)
        return try await store.locked(timeout: lockTimeout) {
            try await carryOut(saved: saved, store: store, approval: approval)
        }
    }

    private func carryOut(
        saved: SavedPlan, store: LockfileStore, approval: any ApplyApproval
    ) async throws -> ApplyOutcome {
        // What moved here (manifest, lockfile, a dataset file) refuses the plan before any request.
        var saved = saved
        var reasons = saved.localStaleness() + saved.rereadDatasets()
        if reasons.isEmpty {
            let (now, _) = try await Refresher(remote: remote).refresh(ids: saved.remote.keys)
            reasons = saved.staleness(remote: now)
        }
        guard reasons.isEmpty else {
            return ApplyOutcome(
                verb: .apply, status: .stale, plan: saved.plan,
                diagnostics: reasons.map { .error($0, at: nil) }, applied: [])
        }
        var lockfile = try store.load()
        lockfile.applyMoves(saved.plan.moves)
        let missing = try await ReferenceCheck(remote: remote).missing(in: saved.plan)
        guard missing.isEmpty else {
            return ApplyOutcome(verb: .apply, status: .notPlanned, plan: saved.plan, diagnostics: missing, applied: [])
        }
        return try await carryOut(
            saved.plan, lockfile: lockfile, store: store, verb: .apply, approval: approval, fieldLocations: [:])
    }

    private func carryOut(
        _ plan: Plan, lockfile: Lockfile, store: LockfileStore, verb: ApplyVerb, approval: any ApplyApproval,
        fieldLocations: [String: [String: SourceLocation]]
    ) async throws -> ApplyOutcome {
        await approval.show(plan)
        var applier = Applier(remote: remote, parallelism: parallelism, stopRequest: stopRequest)
        applier.onFinished = { await approval.finished($0) }
        var outcome = ApplyOutcome(verb: verb, status: .applied, plan: plan, diagnostics: [], applied: [])
        if plan.hasChanges {
            switch await approval.approve(plan, verb: verb) {
            case .approved: break
            case .declined: outcome.status = .declined
            case .unavailable: outcome.status = .approvalUnavailable
            }
            if outcome.status != .applied { return outcome }
        }
        // Stopped while planning or asking: nothing starts.
        if let reason = stopRequest.reason, plan.hasChanges {
            outcome.status = Self.status(stoppedBy: reason)
            return outcome
        }
        // With nothing to send the lockfile is only brought up to date (and left untouched when it is).
        // Managed datasets and evaluators first: their ids go into the experiments' bodies.
        let synced = try await ManagedSync(remote: remote, store: store).run(plan, lockfile: lockfile)
        outcome.applied = try await applier.apply(synced.plan, lockfile: synced.lockfile, store: store) + synced.skipped
        outcome.diagnostics =
            synced.diagnostics + outcome.failures.map { Self.diagnostic(for: $0, fieldLocations: fieldLocations) }
            + outcome.applied.flatMap { done in
                done.warnings.map { Diagnostic.warning("\(done.change.key): \($0)", at: done.change.location) }
            }
        if let reason = stopRequest.reason {
            outcome.status = Self.status(stoppedBy: reason)
        } else if !outcome.failures.isEmpty || !synced.diagnostics.isEmpty {
            outcome.status = .changesFailed
        }
        return outcome
    }

    static func status(stoppedBy reason: StopRequest.Reason) -> ApplyOutcome.Status {
        switch reason {
        case .interrupt: .interrupted
        case .deadline(let seconds): .timedOut(seconds: seconds)
        }
    }

    static func fieldLocations(_ desired: DesiredState) -> [String: [String: SourceLocation]] {
        Dictionary(uniqueKeysWithValues: desired.experiments.map { ($0.key, $0.fieldLocations) })
    }
}
