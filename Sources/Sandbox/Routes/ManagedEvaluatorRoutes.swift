import RespanCore

/// Evaluator writes (respan-api.md §4): create, edit the draft, list versions and commit the
/// draft as a version. Seeded evaluators are read-only (403).
struct ManagedEvaluatorRoutes {
    let repository: any SandboxRepository

    func registerVersions(on routes: SandboxRouter) {
        routes.at("/api/evaluators/:id/versions", [.get: versions, .post: commit])
    }

    @Sendable func create(_ request: SandboxRequest) async throws(APIError) -> SandboxResponse {
        let evaluator = try await repository.createEvaluator(ManagedEvaluatorRules.draft(fromCreate: request.body))
        return SandboxResponse(status: 201, body: .object(evaluator.draft), committed: true)
    }

    /// PATCH changes the fields sent; PUT replaces the editable fields (the docs' "replace").
    @Sendable func update(_ request: SandboxRequest) async throws(APIError) -> SandboxResponse {
        let current = try await repository.managedEvaluator(request.parameter("id"))
        var base = current.draft
        if request.method == "PUT" {
            _ = try ManagedEvaluatorRules.draft(fromCreate: request.body)
            for field in ManagedEvaluatorRules.editable where field != "evaluator_slug" { base[field] = nil }
        }
        let draft = try ManagedEvaluatorRules.patched(base, with: request.body)
        let evaluator = try await repository.updateEvaluator(current.id, draft)
        return SandboxResponse(status: 200, body: .object(evaluator.draft), committed: true)
    }

    @Sendable func delete(_ request: SandboxRequest) async throws(APIError) -> SandboxResponse {
        try await repository.deleteEvaluator(request.parameter("id"))
        return SandboxResponse(status: 204, body: nil, committed: true)
    }

    /// Newest first: the open draft, then the committed versions.
    @Sendable func versions(_ request: SandboxRequest) async throws(APIError) -> SandboxResponse {
        let pagination = try Pagination(query: request.query, defaultSort: nil)
        let evaluator = try await repository.managedEvaluator(request.parameter("id"))
        let items = [JSONValue.object(evaluator.draft)] + evaluator.versions.reversed()
        let start = min(items.count, (pagination.page - 1) * pagination.pageSize)
        var page = pagination.page(items, baseURL: request.baseURL, path: request.path).objectValue ?? [:]
        page["results"] = .array(Array(items[start..<min(items.count, start + pagination.pageSize)]))
        return .ok(.object(page))
    }

    /// Commits the draft as it is (a body with only `version_description`) and opens the next.
    @Sendable func commit(_ request: SandboxRequest) async throws(APIError) -> SandboxResponse {
        let description = request.body?["version_description"]?.stringValue ?? ""
        let committed = try await repository.commitEvaluator(request.parameter("id"), description: description)
        return SandboxResponse(status: 201, body: committed, committed: true)
    }
}
