import Lockfiles
import Manifest
import Planning
import RespanAPI
import RespanCore

/// Carries out the managed part of a plan at apply, before any experiment: deletes datasets
/// cut short, uploads changed datasets, creates or edits evaluators and commits a version,
/// then puts the new ids into the experiments' bodies. Each step is written to the lockfile
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
        guard plan.managed.hasChanges || ManagedResolution.hasPlaceholder(.array(plan.changes.compactMap(\.body)))
        else {
            // Nothing to make, but a new run of an unchanged managed object still must not send
            // `managed_inputs`: Respan takes the documented request fields only.
            finalize(&outcome, failed: [:], ids: [:])
            return outcome
        }
        if plan.managed.datasets.isEmpty && plan.managed.evaluators.isEmpty {
            // A saved plan (`plan --out`) carries the experiments, not the files to upload.
            outcome.diagnostics.append(
                .error(
                    "this plan makes managed datasets or evaluators, which a saved plan does not carry; "
                        + "run 'respan-plan apply' with the manifest instead of the plan file", at: nil))
            finalize(&outcome, failed: [:], ids: [:])
            return outcome
        }
        guard let catalog = remote as? any CatalogRemote else { throw CatalogError.unsupportedRemote }
        let journal = LockfileJournal(lockfile: lockfile, store: store)
        var failed: [String: String] = [:]
        for change in plan.managed.actionableDatasets {
            do {
                try await sync(change, catalog, journal)
            } catch {
                failed[ManagedReference.dataset(change.name).placeholder] = "dataset \(change.name)"
                outcome.diagnostics.append(
                    .error("dataset \(change.name) could not be uploaded: \(error)", at: change.location))
            }
        }
        for change in plan.managed.actionableEvaluators {
            do {
                try await EvaluatorSync(remote: catalog).run(change, journal: journal)
            } catch {
                failed[ManagedReference.evaluator(change.name).placeholder] = "evaluator \(change.name)"
                outcome.diagnostics.append(
                    .error("evaluator \(change.name) could not be saved: \(error)", at: change.location))
            }
        }
        outcome.lockfile = await journal.lockfile
        // A failed object keeps its placeholder, even where the lockfile still holds an older version.
        let ids = ManagedResolution.ids(outcome.lockfile).filter { failed[$0.key] == nil }
        finalize(&outcome, failed: failed, ids: ids)
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

    /// Puts the ids now known into the experiments' bodies (and derives the ids of new runs
    /// again from the final bodies); `managed_inputs` stays in what the lockfile records but is
    /// never sent.
    private func finalize(_ outcome: inout Outcome, failed: [String: String], ids: [String: String]) {
        var changes: [PlannedChange] = []
        for var change in outcome.plan.changes {
            if let body = change.body {
                let final = ManagedResolution.substitute(body, ids)
                if let reason = Self.unresolved(final, failed) {
                    outcome.skipped.append(
                        AppliedChange(change: change, error: .notSent(because: reason)))
                    continue
                }
                if final != body, let newID = change.newID {
                    change.newID = Self.rederive(
                        newID, from: body, to: final, project: outcome.plan.managed.project, change: change)
                }
                var object = final.objectValue ?? [:]
                object[ExperimentFields.managedInputs] = nil
                if object["experiment_id"] != nil { object["experiment_id"] = change.newID.map(JSONValue.string) }
                change.body = .object(object)
            }
            change.applied = change.applied.map { ManagedResolution.substitute($0, ids) }
            changes.append(change)
        }
        outcome.plan.changes = changes
    }

    private static func unresolved(_ body: JSONValue, _ failed: [String: String]) -> String? {
        guard ManagedResolution.hasPlaceholder(body) else { return nil }
        let left = ManagedResolution.references(in: body).map(\.placeholder)
        let names = ManagedResolution.references(in: body).map { reference -> String in
            switch reference {
            case .dataset(let name): "dataset \(name)"
            case .evaluator(let name): "evaluator \(name)"
            }
        }
        return left.compactMap { failed[$0] }.first ?? names.joined(separator: ", ")
    }

    /// A derived id was computed from a body that still held placeholders; the run's id comes
    /// from the final body. An id the manifest chose (`experiment_id`) is kept.
    private static func rederive(
        _ id: String, from planned: JSONValue, to final: JSONValue, project: String?, change: PlannedChange
    ) -> String {
        for generation in [change.generation, change.generation + 1]
        where ExperimentIdentity.derive(
            project: project, key: change.key, body: withoutID(planned), generation: generation) == id
        {
            return ExperimentIdentity.derive(
                project: project, key: change.key, body: withoutID(final), generation: generation)
        }
        return id
    }

    private static func withoutID(_ body: JSONValue) -> JSONValue { ExperimentIdentity.spec(of: body) }
}
