import Manifest
import RespanAPI
import RespanCore

/// The outcome of applying one change.
public struct AppliedChange: Sendable {
    public var change: PlannedChange
    /// Nil on success.
    public var error: RespanAPIError?
}

/// Carries out a plan: never re-plans, runs independent changes in parallel, records each
/// success in the lockfile at once, and keeps going when one fails.
public struct Applier: Sendable {
    public var parallelism: Int
    let remote: any ExperimentRemote
    /// Checked before each change starts; once set, the rest are skipped.
    public let stopRequest: StopRequest
    /// Told of each change as it finishes (and is recorded), for progress on long applies.
    public var onFinished: (@Sendable (AppliedChange) async -> Void)?

    public init(remote: any ExperimentRemote, parallelism: Int = 4, stopRequest: StopRequest = StopRequest()) {
        self.remote = remote
        self.parallelism = max(1, parallelism)
        self.stopRequest = stopRequest
    }

    /// Applies creates, replaces and updates, then deletes; the lockfile is written after
    /// every success. `moves` in the plan are already in `lockfile`.
    public func apply(
        _ plan: Plan, lockfile: Lockfile, store: LockfileStore
    ) async throws(LockfileError) -> [AppliedChange] {
        let journal = LockfileJournal(lockfile: lockfile, store: store)
        try await journal.save()
        let work = plan.actionable
        let first = try await run(work.filter { $0.action != .delete }, journal)
        let last = stopRequest.isStopped ? [] : try await run(work.filter { $0.action == .delete }, journal)
        // No-ops still bring their lockfile entry up to date (a moved key, an adopted create).
        for change in plan.changes where change.action == .noop {
            guard let id = change.remoteID, let applied = change.applied else { continue }
            let entry = LockEntry(
                id: id, state: .created, applied: applied, protect: change.protect, generation: change.generation)
            if await journal.lockfile.entries[change.key] != entry { try await journal.set(change.key, entry) }
        }
        return first + last
    }

    private func run(
        _ changes: [PlannedChange], _ journal: LockfileJournal
    ) async throws(LockfileError) -> [AppliedChange] {
        let results = await withTaskGroup(of: Result<AppliedChange, LockfileError>.self) { group in
            var pending = changes[...]
            var results: [Result<AppliedChange, LockfileError>] = []
            func startNext() {
                guard !stopRequest.isStopped, let change = pending.popFirst() else { return }
                group.addTask { await Self.perform(change, remote: remote, journal: journal) }
            }
            for _ in 0..<parallelism { startNext() }
            for await result in group {
                if case .success(let applied) = result { await onFinished?(applied) }
                results.append(result)
                startNext()
            }
            return results
        }
        var applied: [AppliedChange] = []
        for result in results {
            switch result {
            case .success(let change): applied.append(change)
            case .failure(let error): throw error
            }
        }
        return applied.sorted { $0.change.key < $1.change.key }
    }

    private static func perform(
        _ change: PlannedChange, remote: any ExperimentRemote, journal: LockfileJournal
    ) async -> Result<AppliedChange, LockfileError> {
        do {
            try await execute(change, remote: remote, journal: journal)
            return .success(AppliedChange(change: change, error: nil))
        } catch let error as RespanAPIError {
            return .success(AppliedChange(change: change, error: error))
        } catch let error as LockfileError {
            return .failure(error)
        } catch {
            return .success(AppliedChange(change: change, error: .transport("\(error)")))
        }
    }

    private static func execute(_ change: PlannedChange, remote: any ExperimentRemote, journal: LockfileJournal) async throws {
        let applied = change.applied ?? [:]
        func entry(_ id: String, _ state: LockEntry.State = .created) -> LockEntry {
            LockEntry(id: id, state: state, applied: applied, protect: change.protect, generation: change.generation)
        }
        switch change.action {
        case .create,
            .replace where change.recreate:
            guard let id = change.newID, let body = change.body else { return }
            // Journal the chosen id before the POST: a crash after it leaves a pending entry
            // that the next run looks up instead of creating a second experiment.
            try await journal.set(change.key, entry(id, .pendingCreate))
            let created = try await remote.createExperiment(body)
            // A 409 ends in adopting what holds the id: it must be this spec, never another.
            let differing = ExperimentIdentity.differences(remote: created.raw, body: body)
            guard differing.isEmpty else { throw Self.conflict(id, differing) }
            try await journal.set(change.key, entry(created.id))
            try await retire(change, remote: remote)
        case .adopt:
            guard let id = change.newID else { return }
            try await journal.set(change.key, entry(id))
            try await retire(change, remote: remote)
        case .forget:
            try await journal.set(change.key, nil)
        case .replace:
            guard let id = change.remoteID, let body = change.body else { return }
            _ = try await remote.replaceExperiment(id, body)
            try await journal.set(change.key, entry(id))
        case .update:
            guard let id = change.remoteID, let body = change.body else { return }
            _ = try await remote.updateExperiment(id, body)
            try await journal.set(change.key, entry(id))
        case .delete:
            guard let id = change.remoteID else { return }
            try await remote.deleteExperiment(id)
            try await journal.set(change.key, nil)
        case .noop:
            return
        }
    }

    /// `--prune-history`: the superseded run goes once its successor is recorded.
    private static func retire(_ change: PlannedChange, remote: any ExperimentRemote) async throws {
        if let old = change.retire { try await remote.deleteExperiment(old) }
    }

    static func conflict(_ id: String, _ fields: [String]) -> RespanAPIError {
        .http(
            .init(
                status: 409,
                detail:
                    "\(id) already exists on Respan with a different spec (\(fields.joined(separator: ", ")) differ); it was not changed and no second experiment was made"
            ))
    }
}
