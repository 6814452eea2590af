import Lockfiles
import Manifest
import RespanAPI
import RespanCore

extension ManagedPlanner {
    /// `project-name-DIGEST8`: the evaluator a workspace makes for a changed definition. The
    /// default state adopts it after the merge, so the pull request's runs are adopted too.
    func isolatedSlug(_ name: String, digest: String) -> String {
        slug(name) + "-" + digest.dropFirst("sha256:".count).prefix(8)
    }

    func evaluatorChange(
        _ name: String, _ evaluator: ManagedEvaluator, entry: EvaluatorLock?, plan: inout ManagedObjectsPlan
    ) async throws(RespanAPIError) -> EvaluatorChange {
        var change = EvaluatorChange(
            name: name, action: .noop, remoteID: entry?.id, slug: entry?.slug ?? slug(name), digest: evaluator.digest,
            body: evaluator.definition, location: evaluator.location)
        if let entry, entry.digest == evaluator.digest { return finish(change, name) }
        let isolated = isolatedSlug(name, digest: evaluator.digest)
        change.action = entry == nil ? .create : .update
        change.reason = entry == nil ? "new" : "its definition changed"
        if self.isolated {
            (change.slug, change.remoteID, change.action) = (isolated, nil, .create)
            change.reason =
                "its definition changed; a workspace makes its own evaluator and leaves the shared one alone"
        }
        guard options.refresh, let remote else { return finish(change, name) }
        // The evaluator a workspace made for this very definition: adopted (after a merge).
        plan.requests += 1
        if let found = try await remote.evaluatorRecord(slug: isolated),
            try await holds(found, evaluator, remote, plan: &plan)
        {
            return finish(adopt(change, found, slug: isolated, "made for this definition (by a workspace)"), name)
        }
        if let entry {
            // What changed, against the evaluator the lockfile records (gone: made anew).
            plan.requests += 1
            let current = try await remote.evaluatorRecord(slug: entry.slug)
            change.changedFields = current.map { EvaluatorMarker.differing($0.raw, evaluator.definition) } ?? []
            if current == nil && !self.isolated { (change.action, change.remoteID) = (.create, nil) }
            return finish(change, name)
        }
        guard !self.isolated else { return finish(change, name) }
        // No lockfile entry: the evaluator may exist under its slug (a lost lockfile).
        plan.requests += 1
        guard let found = try await remote.evaluatorRecord(slug: change.slug) else { return finish(change, name) }
        if try await holds(found, evaluator, remote, plan: &plan) {
            return finish(adopt(change, found, slug: change.slug, "already on Respan with this definition"), name)
        }
        change.action = .update
        change.remoteID = found.id
        change.changedFields = EvaluatorMarker.differing(found.raw, evaluator.definition)
        change.reason = "found on Respan by its slug '\(change.slug)'; its draft is brought to the manifest"
        return finish(change, name)
    }

    /// Whether `found`'s draft is the definition and a committed version carries its digest.
    private func holds(
        _ found: EvaluatorRecord, _ evaluator: ManagedEvaluator, _ remote: any CatalogRemote,
        plan: inout ManagedObjectsPlan
    ) async throws(RespanAPIError) -> Bool {
        guard EvaluatorMarker.differing(found.raw, evaluator.definition).isEmpty else { return false }
        plan.requests += 1
        return try await remote.evaluatorVersions(found.id).contains { EvaluatorMarker.holds($0, evaluator.digest) }
    }

    private func adopt(
        _ base: EvaluatorChange, _ found: EvaluatorRecord, slug: String, _ why: String
    ) -> EvaluatorChange {
        var change = base
        (change.action, change.remoteID, change.slug, change.reason) = (.adopt, found.id, slug, why)
        return change
    }

    /// The create body: the definition plus `name` and `evaluator_slug`.
    private func finish(_ base: EvaluatorChange, _ name: String) -> EvaluatorChange {
        var change = base
        var body = change.body.objectValue ?? [:]
        let label = project.map { "\($0)/\(name)" } ?? name
        body["name"] = .string(change.slug == slug(name) ? label : "\(label) (\(change.slug))")
        body["evaluator_slug"] = .string(change.slug)
        change.body = .object(body)
        return change
    }
}
