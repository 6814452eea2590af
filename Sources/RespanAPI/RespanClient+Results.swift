import NIOHTTP1
import RespanCore

extension RespanClient {
    /// One page of an experiment's traces (`POST …/logs/list/`).
    public func traces(
        experimentID: String, page: Int = 1, pageSize: Int = 100
    ) async throws(RespanAPIError) -> Page<Trace> {
        let call = Call(
            method: .POST, path: Self.experimentPath(experimentID) + "logs/list/",
            query: [("page", String(page)), ("page_size", String(pageSize))], body: Filter.body([]))
        return try Page(json: try await require(send(call)), item: Trace.init(json:))
    }

    /// Totals and mean scores of an experiment's traces (`POST …/logs/summary/`).
    public func traceSummary(experimentID: String) async throws(RespanAPIError) -> TraceSummary {
        let call = Call(method: .POST, path: Self.experimentPath(experimentID) + "logs/summary/", body: Filter.body([]))
        return TraceSummary(json: try await require(send(call)))
    }

    /// One evaluator's score distribution; `evaluator_id` and `bins` go in the query string,
    /// which is where the backend reads them (SDK v0.1.29).
    public func histogram(
        experimentID: String, evaluatorID: String, bins: Int = 20
    ) async throws(RespanAPIError) -> Histogram {
        let call = Call(
            method: .POST, path: Self.experimentPath(experimentID) + "histogram/",
            query: [("evaluator_id", evaluatorID), ("bins", String(bins))], body: Filter.body([]))
        return Histogram(json: try await require(send(call)))
    }

    public func dataset(_ id: String) async throws(RespanAPIError) -> CatalogItem {
        try CatalogItem(json: try await require(send(Call(method: .GET, path: "/api/datasets/\(Self.escape(id))/"))))
    }

    public func datasets(filters: [Filter] = [], pageSize: Int = 100) async throws(RespanAPIError) -> Page<CatalogItem>
    {
        let call = Call(
            method: .POST, path: "/api/datasets/list/", query: [("page_size", String(pageSize))],
            body: Filter.body(filters))
        return try Page(json: try await require(send(call)), item: CatalogItem.init(json:))
    }

    public func evaluator(_ id: String) async throws(RespanAPIError) -> CatalogItem {
        try CatalogItem(json: try await require(send(Call(method: .GET, path: "/api/evaluators/\(Self.escape(id))/"))))
    }

    public func evaluators(
        filters: [Filter] = [], pageSize: Int = 100
    ) async throws(RespanAPIError) -> Page<CatalogItem> {
        let call = Call(
            method: .POST, path: "/api/evaluators/list/", query: [("page_size", String(pageSize))],
            body: Filter.body(filters))
        return try Page(json: try await require(send(call)), item: CatalogItem.init(json:))
    }

    /// The evaluator with this slug, if one exists (`evaluator_slug` filter).
    public func evaluator(slug: String) async throws(RespanAPIError) -> CatalogItem? {
        try await evaluators(filters: [Filter("evaluator_slug", "", [.string(slug)])]).results.first { $0.slug == slug }
    }
}
