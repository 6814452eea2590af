import Lockfiles
import Planning
import RespanAPI
import RespanCore

/// Makes one managed prompt's content a committed version on Respan (respan-api.md §5): the
/// prompt is created when new, a version is created with the content, and the draft committed
/// with the digest in its description (`PromptMarker`), so it is recognised later. The
/// lockfile records the version as soon as it is committed.
struct PromptSync: Sendable {
    let remote: any CatalogRemote

    func run(_ change: PromptChange, journal: LockfileJournal) async throws {
        let id: String
        switch change.action {
        case .noop:
            return
        case .adopt:
            guard let existing = change.remoteID, let version = change.version else {
                throw ApplyFailure.local("the plan found no committed version to adopt")
            }
            try await journal.setPrompt(
                change.name, PromptLock(id: existing, digest: change.digest, version: version, parts: change.parts))
            return
        case .create:
            id = try await remote.createPrompt(
                name: change.remoteName, description: change.description ?? "Managed by respan-plan"
            ).id
        case .version:
            guard let existing = change.remoteID else { throw ApplyFailure.local("the plan names no remote prompt") }
            id = existing
        }
        let draft = try await remote.createPromptVersion(id, change.body)
        let committed = try await remote.commitPrompt(id, description: PromptMarker.description(change.digest))
        let version = committed?.version ?? draft.version
        try await journal.setPrompt(
            change.name, PromptLock(id: id, digest: change.digest, version: version, parts: change.parts))
    }
}
