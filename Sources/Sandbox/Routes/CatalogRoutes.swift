import RespanCore

/// `/api/datasets/…` and `/api/evaluators/…`: read-only views of the seeded catalog.
struct CatalogRoutes {
    let repository: any SandboxRepository

    func register(on routes: SandboxRouter) {
        routes.at("/api/datasets", [.get: datasets])
        routes.at("/api/datasets/list", [.get: datasets, .post: datasets])
        routes.at("/api/datasets/:id", [.get: dataset])
        routes.at("/api/evaluators", [.get: evaluators])
        routes.at("/api/evaluators/list", [.get: evaluators, .post: evaluators])
        routes.at("/api/evaluators/summary", [.get: evaluatorSummary, .post: evaluatorSummary])
        routes.at("/api/evaluators/:id", [.get: evaluator])
    }

    private func datasetItems() async -> [JSONValue] {
        let now = await repository.now.iso8601.stringValue ?? ""
        return repository.catalog.datasets.map { $0.json(now: now) }
    }

    @Sendable func datasets(_ request: SandboxRequest) async throws(APIError) -> SandboxResponse {
        let items = await datasetItems()
        return .ok(try Self.listPage(items, request, extra: ["total_count": .int(items.count)]))
    }

    @Sendable func dataset(_ request: SandboxRequest) async throws(APIError) -> SandboxResponse {
        let id = request.parameter("id")
        guard let dataset = await datasetItems().first(where: { $0["id"]?.stringValue == id }) else {
            throw .notFound("Dataset '\(id)'")
        }
        return .ok(dataset)
    }

    /// The evaluators whose name contains the `search` query, if one is given.
    private func evaluatorItems(_ request: SandboxRequest) -> [JSONValue] {
        let items = repository.catalog.evaluators.map(\.json)
        guard let search = request.query["search"]?.lowercased(), !search.isEmpty else { return items }
        return items.filter { ($0["name"]?.stringValue ?? "").lowercased().contains(search) }
    }

    @Sendable func evaluators(_ request: SandboxRequest) async throws(APIError) -> SandboxResponse {
        .ok(try Self.listPage(evaluatorItems(request), request, extra: [:]))
    }

    /// `/api/evaluators/summary/`: `{total_count}` of the evaluators the list would select.
    @Sendable func evaluatorSummary(_ request: SandboxRequest) async throws(APIError) -> SandboxResponse {
        let filters = try FilterSet(request.body)
        return .ok(["total_count": .int(evaluatorItems(request).filter(filters.matches).count)])
    }

    @Sendable func evaluator(_ request: SandboxRequest) async throws(APIError) -> SandboxResponse {
        let id = request.parameter("id")
        guard let evaluator = repository.catalog.evaluator(id: id) else { throw .notFound("Evaluator '\(id)'") }
        return .ok(evaluator.json)
    }

    private static func listPage(
        _ items: [JSONValue], _ request: SandboxRequest, extra: [String: JSONValue]
    ) throws(APIError) -> JSONValue {
        let filters = try FilterSet(request.body)
        let pagination = try Pagination(query: request.query, defaultSort: nil)
        var page =
            pagination.page(items.filter(filters.matches), baseURL: request.baseURL, path: request.path).objectValue
            ?? [:]
        page.merge(extra) { _, new in new }
        return .object(page)
    }
}
