import Lockfiles
import Manifest
import Planning
import RespanAPI
import RespanCore

/// Carries out the managed part of a plan at apply, before any experiment: deletes datasets
/// cut short, uploads changed datasets, creates or edits evaluators and commits a version,
/// then fills the experiments' pending slots (`PlannedChange.pending`) with the new ids. Each step is written to the lockfile
/// as it finishes. An experiment whose dataset or evaluator could not be made is not sent.
struct ManagedSync: Sendable {
    let remote: any ExperimentRemote
    let store: LockfileStore

    struct Outcome: Sendable {
        var plan: Plan
        var lockfile: Lockfile
        /// Experiments not sent because an object they use failed.
        var skipped: [AppliedChange]
        var diagnostics: [Diagnostic]
    }

    func run(_ plan: Plan, lockfile: Lockfile) async throws -> Outcome {
        var outcome = Outcome(plan: plan, lockfile: lockfile, skipped: [], diagnostics: [])
        guard plan.managed.hasChanges else {
            fill(&outcome, failed: [])
            return outcome
        }
        guard let catalog = remote as? any CatalogRemote else { throw CatalogError.unsupportedRemote }
        let journal = LockfileJournal(lockfile: lockfile, store: store)
        var failed: [ManagedReference] = []
        // One object's sync: a failure is recorded, and the experiments using it are not sent.
        func attempt(
            _ reference: ManagedReference, at location: SourceLocation?, _ failure: String,
            _ work: () async throws -> Void
        ) async {
            do {
                try await work()
            } catch {
                failed.append(reference)
                outcome.diagnostics.append(.error("\(reference) \(failure): \(error)", at: location))
            }
        }
        for change in plan.managed.actionableDatasets {
            await attempt(.dataset(change.name), at: change.location, "could not be uploaded") {
                try await sync(change, catalog, journal)
            }
        }
        for change in plan.managed.actionablePrompts {
            await attempt(.prompt(change.name), at: change.location, "could not be saved") {
                try await PromptSync(remote: catalog).run(change, journal: journal)
            }
        }
        for change in plan.managed.actionableEvaluators {
            await attempt(.evaluator(change.name), at: change.location, "could not be saved") {
                try await EvaluatorSync(remote: catalog).run(change, journal: journal)
            }
        }
        outcome.lockfile = await journal.lockfile
        fill(&outcome, failed: failed)
        return outcome
    }

    private func sync(_ change: DatasetChange, _ catalog: any CatalogRemote, _ journal: LockfileJournal) async throws {
        for id in change.discard { try await catalog.deleteDataset(id) }
        let old = await journal.lockfile.datasets[change.name]
        let previous = (old?.previous ?? []) + [change.replaces].compactMap { $0 }
        switch change.action {
        case .upload:
            let upload = DatasetUpload(remote: catalog) { name, entry in try await journal.setDataset(name, entry) }
            _ = try await upload.run(change, previous: previous)
        case .adopt:
            guard let id = change.remoteID, let summary = change.summary else { return }
            try await journal.setDataset(
                change.name,
                DatasetLock(
                    id: id, name: change.remoteName, digest: summary.digest, rows: summary.rowCount, state: .complete,
                    index: DatasetLock.encodeIndex(summary), previous: previous))
        case .delete:
            guard let id = change.remoteID, var entry = old else { return }
            try await catalog.deleteDataset(id)
            entry.previous.removeAll { $0 == id }
            try await journal.setDataset(change.name, entry.id == id ? nil : entry)
        case .noop:
            return
        }
    }

    /// Puts the ids the lockfile now records into each change's pending slots (body and the
    /// record alike). A change whose object failed, or is still unknown, is not sent.
    private func fill(_ outcome: inout Outcome, failed: [ManagedReference]) {
        var ids = ManagedIDs(lockfile: outcome.lockfile)
        for reference in failed { ids.ids[reference] = nil }
        var changes: [PlannedChange] = []
        for var change in outcome.plan.changes {
            guard !change.pending.isEmpty else {
                changes.append(change)
                continue
            }
            let (body, unknown) = ids.fill(change.body ?? [:], change.pending)
            if !unknown.isEmpty {
                let reason = unknown.map(\.reference.description).joined(separator: ", ")
                outcome.skipped.append(AppliedChange(change: change, error: .notSent(because: reason)))
                continue
            }
            if change.body != nil { change.body = body }
            change.applied = change.applied.map { ids.fill($0, change.pending).body }
            change.pending = []
            changes.append(change)
        }
        outcome.plan.changes = changes
    }
}
