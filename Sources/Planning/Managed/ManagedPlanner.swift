import Lockfiles
import Manifest
import RespanAPI
import RespanCore

/// Plans managed datasets and evaluators against the lockfile: an unchanged file or
/// definition costs no request; a changed one is looked up by its content-addressed name or
/// slug (so a lost lockfile adopts instead of uploading again) and otherwise uploaded or edited.
public struct ManagedPlanner: Sendable {
    let remote: (any CatalogRemote)?
    let project: String?
    let options: PlanOptions
    /// In a workspace: a changed evaluator is made as its own (content-addressed slug), never
    /// edited in place, so the default state's runs are never scored with an unmerged definition.
    var isolated = false

    public init(remote: (any CatalogRemote)?, project: String?, options: PlanOptions, isolated: Bool = false) {
        self.remote = remote
        self.project = project
        self.options = options
        self.isolated = isolated
    }

    /// `referenced`: dataset ids some lockfile's experiments or datasets use; `--prune` keeps them.
    public func plan(
        _ desired: DesiredState, lockfile: Lockfile, referenced: Set<String> = []
    ) async throws(RespanAPIError) -> ManagedObjectsPlan {
        var plan = ManagedObjectsPlan()
        guard !options.destroy else { return plan }
        for (name, dataset) in desired.managedDatasets.sorted(by: { $0.key < $1.key }) {
            plan.datasets.append(try await datasetChange(name, dataset, entry: lockfile.datasets[name], plan: &plan))
        }
        if options.prune { plan.datasets += prunable(desired, lockfile: lockfile, referenced: referenced) }
        for (name, evaluator) in desired.managedEvaluators.sorted(by: { $0.key < $1.key }) {
            plan.evaluators.append(
                try await evaluatorChange(name, evaluator, entry: lockfile.evaluators[name], plan: &plan))
        }
        for (name, prompt) in desired.prompts.sorted(by: { $0.key < $1.key }) {
            plan.prompts.append(try await promptChange(name, prompt, entry: lockfile.prompts[name], plan: &plan))
        }
        return plan
    }

    /// `--prune`: datasets this state made that no lockfile references any more (earlier
    /// versions of a file, and datasets no longer in the manifest).
    func prunable(_ desired: DesiredState, lockfile: Lockfile, referenced: Set<String>) -> [DatasetChange] {
        var changes: [DatasetChange] = []
        for (name, entry) in lockfile.datasets.sorted(by: { $0.key < $1.key }) {
            let kept = desired.managedDatasets[name] != nil
            for id in entry.previous + (kept ? [] : [entry.id]) where !referenced.contains(id) {
                changes.append(
                    DatasetChange(
                        name: name, action: .delete, remoteID: id, remoteName: entry.name,
                        reason: kept ? "an earlier version of its rows" : "no longer in the manifest"))
            }
        }
        return changes
    }

    /// `project/name@digest12`: unique per content, so it can be found again.
    func remoteName(_ name: String, digest: String) -> String {
        "\(project ?? "respan-plan")/\(name)@\(digest.dropFirst("sha256:".count).prefix(12))"
    }

    /// Evaluator slugs are unique per organization: `project-name`, in letters, digits, `-` and `_`.
    func slug(_ name: String) -> String {
        let text = (project.map { "\($0)-" } ?? "") + name
        return String(text.lowercased().map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "-" })
    }

    private func datasetChange(
        _ name: String, _ dataset: ManagedDataset, entry: DatasetLock?, plan: inout ManagedObjectsPlan
    ) async throws(RespanAPIError) -> DatasetChange {
        let summary = dataset.summary
        var change = DatasetChange(
            name: name, action: .noop, remoteID: entry?.id, remoteName: remoteName(name, digest: summary.digest),
            summary: summary, file: dataset, location: dataset.location)
        if let entry, entry.digest == summary.digest, entry.state == .complete { return change }
        if let entry, let earlier = Self.unchangedUnderEarlierRules(dataset, entry) {
            change.summary = earlier
            return change
        }
        change.remoteID = nil
        change.action = .upload
        change.reason = DatasetExplanation.reason(old: entry, new: summary)
        if let entry, entry.state == .complete { change.replaces = entry.id }
        if let entry, entry.state == .uploading {
            change.discard.append(entry.id)
            if entry.digest == summary.digest { change.reason = "an interrupted upload is replaced" }
        }
        guard options.refresh, let remote else { return change }
        plan.requests += 1
        for found in try await remote.datasets(named: change.remoteName) where !change.discard.contains(found.id) {
            if change.action == .upload, DatasetMarker.isComplete(found, summary) {
                change.action = .adopt
                change.remoteID = found.id
                change.reason = "already on Respan with these rows"
            } else if found.id != change.remoteID {
                change.discard.append(found.id)
            }
        }
        return change
    }
}

extension ManagedPlanner {
    /// The file's summary under the rules `entry` was recorded with, when those are earlier
    /// rules and the file reads there as it did: then nothing changed but the reading, and the
    /// dataset keeps its digest and its runs (an upgrade reruns nothing). A manifest that types
    /// a column asks for the current rules, which earlier versions did not have.
    static func unchangedUnderEarlierRules(_ dataset: ManagedDataset, _ entry: DatasetLock) -> DatasetSummary? {
        guard entry.state == .complete, entry.digestVersion < .current, dataset.types.isEmpty,
            let earlier = try? DatasetFile.summarize(
                path: dataset.path, format: dataset.format, columns: dataset.columns, version: entry.digestVersion,
                location: dataset.location),
            earlier.digest == entry.digest
        else { return nil }
        return earlier
    }
}
