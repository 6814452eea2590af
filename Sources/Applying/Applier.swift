import Lockfiles
import Manifest
import Planning
import RespanAPI
import RespanCore

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

    /// Applies creates, replaces and updates, then deletes; every success is journaled at once
    /// (`LockfileJournal`) and the lockfile written whole at the end. `moves` in the plan are already in `lockfile`.
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
            guard let id = change.remoteID, change.applied != nil else { continue }
            let entry = change.entry(id)
            if await journal.lockfile.entries[change.key] != entry { try await journal.set(change.key, entry) }
        }
        try await journal.save()
        return first + last
    }

    private func run(
        _ changes: [PlannedChange], _ journal: LockfileJournal
    ) async throws(LockfileError) -> [AppliedChange] {
        let results = await withTaskGroup(of: Result<AppliedChange, LockfileError>.self) { group in
            var pending = changes[...]
            var results: [Result<AppliedChange, LockfileError>] = []
            func startNext() {
                // A stop (Ctrl-C, --timeout) or a cancelled task starts nothing more.
                guard !stopRequest.isStopped, !Task.isCancelled, let change = pending.popFirst() else { return }
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
            let done = try await execute(change, remote: remote, journal: journal)
            var applied = AppliedChange(change: change, error: nil, warnings: done.warnings)
            applied.recordedID = await journal.lockfile.entries[change.key]?.id
            applied.adopted = done.adopted
            return .success(applied)
        } catch let error as RespanAPIError {
            return .success(AppliedChange(change: change, error: .remote(error)))
        } catch let error as ApplyFailure {
            return .success(AppliedChange(change: change, error: error))
        } catch let error as LockfileError {
            return .failure(error)
        } catch {
            return .success(AppliedChange(change: change, error: .local("\(error)")))
        }
    }

    /// What carrying out one change found: warnings about the remote, and whether a create
    /// adopted what was already there.
    struct Done {
        var warnings: [String] = []
        var adopted = false
    }

    /// Carries out one change and records it.
    private static func execute(
        _ change: PlannedChange, remote: any ExperimentRemote, journal: LockfileJournal
    ) async throws -> Done {
        switch change.action {
        case .create,
            .replace where change.recreate:
            return try await create(change, remote: remote, journal: journal)
        case .adopt:
            guard let id = change.newID else { return Done() }
            try await journal.set(change.key, change.entry(id))
            try await retire(change, remote: remote)
        case .forget:
            try await journal.set(change.key, nil)
        case .replace:
            return try await replaceInPlace(change, remote: remote, journal: journal)
        case .update:
            guard let id = change.remoteID, let body = change.body else { return Done() }
            _ = try await remote.updateExperiment(id, body)
            try await journal.set(change.key, change.entry(id))
        case .delete:
            guard let id = change.remoteID else { return Done() }
            try await remote.deleteExperiment(id)
            try await journal.set(change.key, nil)
        case .noop:
            break
        }
        return Done()
    }

    /// A new experiment under the chosen id. The id is journaled before the POST: a crash
    /// after it leaves a pending entry that the next run looks up instead of creating a
    /// second experiment. An id found already held (whatever status the duplicate got) is
    /// adopted only when it holds this spec.
    private static func create(
        _ change: PlannedChange, remote: any ExperimentRemote, journal: LockfileJournal
    ) async throws -> Done {
        guard let id = change.newID, let body = change.body else { return Done() }
        try await journal.set(change.key, change.entry(id, .pendingCreate))
        let outcome = try await remote.createExperimentOutcome(body)
        let created = outcome.experiment
        let differing = ExperimentIdentity.differences(remote: created.raw, body: body)
        var warnings: [String] = []
        if outcome.foundExisting {
            guard differing.isEmpty else { throw conflict(id, differing, held: created.raw, body: body) }
        } else {
            if created.id != id {
                try await journal.noteRemoteIgnoresClientIDs()
                warnings.append(
                    "this remote ignored the chosen experiment_id \(id) and made \(created.id), which the lockfile records; "
                        + "adoption across work trees and machines is unavailable on it")
            }
            warnings += differing.map { echoWarning($0, sent: body[$0], echoed: created.raw[$0]) }
        }
        try await journal.set(change.key, change.entry(created.id))
        try await retire(change, remote: remote)
        return Done(warnings: warnings, adopted: outcome.foundExisting)
    }

    /// `replace_strategy: put`: Respan does not say that a PUT reruns (respan-api.md §9), so
    /// the run is checked before and after; where none started, a new experiment is made
    /// under the planned id instead, and the old one kept as history.
    private static func replaceInPlace(
        _ change: PlannedChange, remote: any ExperimentRemote, journal: LockfileJournal
    ) async throws -> Done {
        guard let id = change.remoteID, let body = change.body else { return Done() }
        let before = try await remote.experimentIfExists(id)
        var after = try await remote.replaceExperiment(id, body)
        if !RunMarker(after).isKnown { after = try await remote.experimentIfExists(id) ?? after }
        if let before, !RunMarker(after).startedAfter(RunMarker(before)), let newID = change.newID {
            var recreate = change
            var object = body.objectValue ?? [:]
            object["experiment_id"] = .string(newID)
            recreate.body = .object(object)
            var done = try await create(recreate, remote: remote, journal: journal)
            done.warnings.insert(
                "this remote did not start a new run on PUT (\(id) kept its run, though its stored fields now read the "
                    + "new spec); made \(newID) instead and kept \(id) as history",
                at: 0)
            return done
        }
        try await journal.set(change.key, change.entry(id))
        return Done()
    }
}
