import RespanCore

/// `/api/datasets/…` and `/api/evaluators/…`: the seeded catalog (read-only) and what the API
/// made (`ManagedDatasetRoutes`, `ManagedEvaluatorRoutes` serve the writes).
struct CatalogRoutes {
    let repository: any SandboxRepository
    let faults: FaultInjector

    func register(on routes: SandboxRouter) {
        let datasets = ManagedDatasetRoutes(repository: repository, faults: faults)
        let evaluators = ManagedEvaluatorRoutes(repository: repository)
        routes.at("/api/datasets", [.get: self.datasets, .post: datasets.create])
        routes.at("/api/datasets/list", [.get: self.datasets, .post: self.datasets])
        routes.at("/api/datasets/:id", [.get: dataset, .patch: datasets.update, .delete: datasets.delete])
        datasets.registerLogs(on: routes)
        routes.at("/api/evaluators", [.get: self.evaluators, .post: evaluators.create])
        routes.at("/api/evaluators/list", [.get: self.evaluators, .post: self.evaluators])
        routes.at("/api/evaluators/summary", [.get: evaluatorSummary, .post: evaluatorSummary])
        routes.at(
            "/api/evaluators/:id",
            [.get: evaluator, .put: evaluators.update, .patch: evaluators.update, .delete: evaluators.delete])
        evaluators.registerVersions(on: routes)
    }

    private func datasetItems() async -> [JSONValue] {
        let time = await repository.now
        let now = time.iso8601.stringValue ?? ""
        let lag = repository.behaviour.ingestionLagSeconds
        let cutoff = lag > 0 ? (time - lag).iso8601.stringValue : nil
        let managed = await repository.currentCatalog.datasets.filter { repository.catalog.dataset($0.id) == nil }
        var items = repository.catalog.datasets.map { $0.json(now: now) }
        for dataset in managed {
            if let found = try? await repository.managedDataset(dataset.id) {
                items.append(found.json(ingestedBy: cutoff))
            }
        }
        return items
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
    private func evaluatorItems(_ request: SandboxRequest) async -> [JSONValue] {
        let items = await repository.currentCatalog.evaluators.map(\.json)
        guard let search = request.query["search"]?.lowercased(), !search.isEmpty else { return items }
        return items.filter { ($0["name"]?.stringValue ?? "").lowercased().contains(search) }
    }

    @Sendable func evaluators(_ request: SandboxRequest) async throws(APIError) -> SandboxResponse {
        .ok(try Self.listPage(await evaluatorItems(request), request, extra: [:]))
    }

    /// `/api/evaluators/summary/`: `{total_count}` of the evaluators the list would select.
    @Sendable func evaluatorSummary(_ request: SandboxRequest) async throws(APIError) -> SandboxResponse {
        let filters = try FilterSet(request.body)
        return .ok(["total_count": .int(await evaluatorItems(request).filter(filters.matches).count)])
    }

    @Sendable func evaluator(_ request: SandboxRequest) async throws(APIError) -> SandboxResponse {
        let id = request.parameter("id")
        guard let evaluator = await repository.currentCatalog.evaluator(id: id) else {
            throw .notFound("Evaluator '\(id)'")
        }
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
