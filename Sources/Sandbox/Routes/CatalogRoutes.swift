import RespanCore

/// `/api/datasets/…` and `/api/evaluators/…`: read-only views of the seeded catalog.
enum CatalogRoutes {
    static func datasets(
        _ request: SandboxRequest, rest: [String], store: SandboxStore
    ) async throws(APIError) -> SandboxResponse {
        let now = await store.now.iso8601.stringValue ?? ""
        let items = store.catalog.datasets.map { $0.json(now: now) }
        switch (request.method, rest.first, rest.count) {
        case ("GET", nil, _), ("GET", "list", 1), ("POST", "list", 1):
            return .ok(try listPage(items, request, extra: ["total_count": .int(items.count)]))
        case ("GET", let id?, 1):
            guard let dataset = items.first(where: { $0["id"]?.stringValue == id }) else {
                throw .notFound("Dataset '\(id)'")
            }
            return .ok(dataset)
        default:
            throw .notFound("Route '\(request.path)'")
        }
    }

    static func evaluators(
        _ request: SandboxRequest, rest: [String], store: SandboxStore
    ) async throws(APIError) -> SandboxResponse {
        var items = store.catalog.evaluators.map(\.json)
        switch (request.method, rest.first, rest.count) {
        case ("GET", nil, _), ("GET", "list", 1), ("POST", "list", 1):
            if let search = request.query["search"]?.lowercased(), !search.isEmpty {
                items = items.filter { ($0["name"]?.stringValue ?? "").lowercased().contains(search) }
            }
            return .ok(try listPage(items, request, extra: [:]))
        case ("GET", let id?, 1):
            guard let evaluator = store.catalog.evaluator(id: id) else { throw .notFound("Evaluator '\(id)'") }
            return .ok(evaluator.json)
        default:
            throw .notFound("Route '\(request.path)'")
        }
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
