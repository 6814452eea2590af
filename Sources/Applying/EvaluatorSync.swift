import Lockfiles
import Planning
import RespanAPI
import RespanCore

/// Creates or edits one managed evaluator and commits a version whose description carries
/// the definition digest (`respan-plan: sha256:…`), so the version is recognised later.
struct EvaluatorSync: Sendable {
    let remote: any CatalogRemote

    /// Fields a definition may leave out: a PATCH clears them when the manifest no longer sets them.
    static let clearable = ["description", "score_config", "passing_conditions", "llm_config", "code_config"]

    func run(_ change: EvaluatorChange, journal: LockfileJournal) async throws {
        let draft: EvaluatorRecord
        switch change.action {
        case .create:
            draft = try await remote.createEvaluator(change.body)
        case .update:
            guard let existing = change.remoteID else { return }
            var patch = change.body.objectValue ?? [:]
            for field in Self.clearable where patch[field] == nil { patch[field] = .null }
            draft = try await remote.updateEvaluator(existing, .object(patch))
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
        // The commit freezes the draft as its version and answers the next draft (0.1.47,
        // respan-api.md §9: version 0 is the first draft): the version that holds this
        // definition is the draft's, found by its marker when the draft did not say.
        let id = draft.id
        _ = try await remote.commitEvaluatorVersion(id, description: EvaluatorMarker.versionDescription(change.digest))
        var version = draft.version
        if version == nil {
            version = try await remote.evaluatorVersions(id).first { EvaluatorMarker.holds($0, change.digest) }?.version
        }
        try await journal.setEvaluator(
            change.name, EvaluatorLock(id: id, slug: change.slug, digest: change.digest, version: version))
    }
}
