import RespanCore

/// `/api/v2/experiments/…`: the 18 documented experiment routes.
enum ExperimentRoutes {
    static func handle(
        _ request: SandboxRequest, rest: [String], store: SandboxStore
    ) async throws(APIError) -> SandboxResponse {
        switch (request.method, rest.first, rest.count) {
        case ("POST", nil, _):
            let record = try await store.create(ExperimentEdit(parsing: request.body))
            return SandboxResponse(status: 201, body: await store.simulation(of: record).fullJSON, committed: true)
        case ("GET", nil, _):
            let pagination = try Pagination(query: request.query, defaultSort: "-created_at")
            return .ok(.array(pagination.slice(try await summaries(store, filters: FilterSet(nil)))))
        case ("GET", "list", 1), ("POST", "list", 1):
            let pagination = try Pagination(query: request.query, defaultSort: "-created_at")
            let items = try await summaries(store, filters: FilterSet(request.body))
            return .ok(pagination.page(items, baseURL: request.baseURL, path: request.path))
        case ("GET", "summary", 1), ("POST", "summary", 1):
            let items = try await summaries(store, filters: FilterSet(request.body))
            return .ok(["total_count": .int(items.count)])
        case (_, let id?, 1):
            return try await single(request, id: id, store: store)
        case (_, let id?, _):
            return try await TraceRoutes.handle(request, experimentID: id, rest: Array(rest.dropFirst()), store: store)
        default:
            throw SandboxRouter.methodNotAllowed(request)
        }
    }

    private static func summaries(_ store: SandboxStore, filters: FilterSet) async throws(APIError) -> [JSONValue] {
        // Filters may name any field of the full object; the answer carries the summary.
        // (filter, then map: JSONValue takes `nil` as JSON null, so compactMap would keep it.)
        await store.allSimulations
            .filter { filters.conditions.isEmpty || filters.matches($0.fullJSON) }
            .map(\.summaryJSON)
    }

    private static func single(
        _ request: SandboxRequest, id: String, store: SandboxStore
    ) async throws(APIError) -> SandboxResponse {
        switch request.method {
        case "GET":
            return .ok(await store.simulation(of: try await store.experiment(id)).fullJSON)
        case "PUT", "PATCH":
            let edit = try ExperimentEdit(parsing: request.body)
            let record = try await store.edit(id, edit, replace: request.method == "PUT")
            return SandboxResponse(status: 200, body: await store.simulation(of: record).fullJSON, committed: true)
        case "DELETE":
            try await store.delete(id)
            return SandboxResponse(status: 204, body: nil, committed: true)
        default:
            throw SandboxRouter.methodNotAllowed(request)
        }
    }
}
