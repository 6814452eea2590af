import RespanCore

/// `/api/v2/experiments/…`: create, read, replace, update, delete, and the three list views.
struct ExperimentRoutes {
    let repository: any SandboxRepository

    func register(on routes: SandboxRouter) {
        routes.at("/api/v2/experiments", [.post: create, .get: bareList])
        routes.at("/api/v2/experiments/list", [.get: list, .post: list])
        routes.at("/api/v2/experiments/summary", [.get: summary, .post: summary])
        routes.at("/api/v2/experiments/:id", [.get: read, .put: edit, .patch: edit, .delete: delete])
    }

    @Sendable func create(_ request: SandboxRequest) async throws(APIError) -> SandboxResponse {
        let record = try await repository.create(
            ExperimentEdit(parsing: request.body, unknownFields: repository.behaviour.unknownFields))
        return SandboxResponse(status: 201, body: await repository.simulation(of: record).fullJSON, committed: true)
    }

    /// `GET /api/v2/experiments/`: a plain array, not a page.
    @Sendable func bareList(_ request: SandboxRequest) async throws(APIError) -> SandboxResponse {
        let pagination = try Pagination(query: request.query, defaultSort: "-created_at")
        return .ok(.array(pagination.slice(try await summaries(filters: FilterSet(nil)))))
    }

    @Sendable func list(_ request: SandboxRequest) async throws(APIError) -> SandboxResponse {
        let pagination = try Pagination(query: request.query, defaultSort: "-created_at")
        let items = try await summaries(filters: FilterSet(request.body))
        return .ok(pagination.page(items, baseURL: request.baseURL, path: request.path))
    }

    @Sendable func summary(_ request: SandboxRequest) async throws(APIError) -> SandboxResponse {
        .ok(["total_count": .int(try await summaries(filters: FilterSet(request.body)).count)])
    }

    @Sendable func read(_ request: SandboxRequest) async throws(APIError) -> SandboxResponse {
        .ok(await repository.simulation(of: try await repository.experiment(request.parameter("id"))).fullJSON)
    }

    /// PUT replaces, PATCH updates: see `ExperimentRules.apply`.
    @Sendable func edit(_ request: SandboxRequest) async throws(APIError) -> SandboxResponse {
        let edit = try ExperimentEdit(parsing: request.body, unknownFields: repository.behaviour.unknownFields)
        let record = try await repository.edit(request.parameter("id"), edit, replace: request.method == "PUT")
        return SandboxResponse(status: 200, body: await repository.simulation(of: record).fullJSON, committed: true)
    }

    @Sendable func delete(_ request: SandboxRequest) async throws(APIError) -> SandboxResponse {
        try await repository.delete(request.parameter("id"))
        return SandboxResponse(status: 204, body: nil, committed: true)
    }

    /// `--ignore-id-filter`: a remote whose list does not filter by `id` (respan-api.md §9).
    private var ignoredFilterFields: Set<String> { repository.behaviour.ignoresIDFilter ? ["id"] : [] }

    private func summaries(filters: FilterSet) async -> [JSONValue] {
        // Filters may name any field of the full object; the answer carries the summary.
        // (filter, then map: JSONValue takes `nil` as JSON null, so compactMap would keep it.)
        await repository.allSimulations
            .filter { filters.conditions.isEmpty || filters.matches($0.fullJSON, ignoring: ignoredFilterFields) }
            .map(\.summaryJSON)
    }
}
