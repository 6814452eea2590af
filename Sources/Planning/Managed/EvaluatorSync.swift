import RespanAPI
import RespanCore

/// Creates or edits one managed evaluator and commits a version whose description carries
/// the definition digest (`respan-plan: sha256:…`), so the version is recognised later.
struct EvaluatorSync: Sendable {
    let remote: any CatalogRemote

    /// Fields a definition may leave out: a PATCH clears them when the manifest no longer sets them.
    static let clearable = ["description", "score_config", "passing_conditions", "llm_config", "code_config"]

    func run(_ change: EvaluatorChange, journal: ManagedJournal) async throws {
        let id: String
        switch change.action {
        case .create:
            id = try await remote.createEvaluator(change.body).id
        case .update:
            guard let existing = change.remoteID else { return }
            var patch = change.body.objectValue ?? [:]
            for field in Self.clearable where patch[field] == nil { patch[field] = .null }
            id = try await remote.updateEvaluator(existing, .object(patch)).id
        case .adopt:
            guard let existing = change.remoteID else { return }
            let version = try await remote.evaluatorVersions(existing)
                .first { EvaluatorMarker.holds($0, change.digest) }?.version
            try await journal.setEvaluator(
                change.name, EvaluatorLock(id: existing, slug: change.slug, digest: change.digest, version: version))
            return
        case .noop:
            return
        }
        let committed = try await remote.commitEvaluatorVersion(
            id, description: EvaluatorMarker.versionDescription(change.digest))
        try await journal.setEvaluator(
            change.name, EvaluatorLock(id: id, slug: change.slug, digest: change.digest, version: committed.version))
    }
}
