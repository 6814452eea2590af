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

    @Sendable func evaluators(_ request: SandboxRequest) async throws(APIError) -> SandboxResponse {
        var items = repository.catalog.evaluators.map(\.json)
        if let search = request.query["search"]?.lowercased(), !search.isEmpty {
            items = items.filter { ($0["name"]?.stringValue ?? "").lowercased().contains(search) }
        }
        return .ok(try Self.listPage(items, request, extra: [:]))
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
