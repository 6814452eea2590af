import Lockfiles
import Manifest
import RespanAPI
import RespanCore

extension ManagedPlanner {
    /// A prompt whose content the lockfile records costs no request. A changed one gets a new
    /// committed version of the recorded prompt, unless a version of this very content was
    /// committed already (a workspace's, or an apply whose lockfile was lost midway): that one
    /// is adopted. Versions are immutable and a run names its version, so a workspace may add
    /// versions to the shared prompt without changing what the default state runs.
    func promptChange(
        _ name: String, _ prompt: ManagedPrompt, entry: PromptLock?, plan: inout ManagedObjectsPlan
    ) async throws(RespanAPIError) -> PromptChange {
        var change = PromptChange(
            name: name, action: .noop, remoteID: entry?.id, version: entry?.version, digest: prompt.digest,
            body: prompt.body, parts: prompt.parts, remoteName: "\(project ?? "respan-plan")/\(name)",
            description: prompt.description, location: prompt.location)
        if let entry, entry.digest == prompt.digest { return change }
        change.version = nil
        guard let entry else {
            change.action = .create
            change.reason = "new"
            return change
        }
        change.action = .version
        change.changedParts =
            prompt.parts.keys.filter { entry.parts[$0] != prompt.parts[$0] }.sorted()
            + entry.parts.keys.filter { prompt.parts[$0] == nil }.sorted().map { "\($0) removed" }
        change.reason =
            change.changedParts.isEmpty ? "its content changed" : change.changedParts.joined(separator: ", ")
        guard options.refresh, let remote else { return change }
        plan.requests += 1
        if let found = try await remote.promptVersions(entry.id).first(where: { PromptMarker.holds($0, prompt.digest) })
        {
            change.action = .adopt
            change.version = found.version
            change.reason = "a committed version holds this content already"
        }
        return change
    }
}
