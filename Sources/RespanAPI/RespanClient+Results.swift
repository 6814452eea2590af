import NIOHTTP1
import RespanCore

extension RespanClient {
    /// One page of an experiment's traces (`POST …/logs/list/`). `previewLength` cuts `input`,
    /// `expected_output` and `output` to that many characters (0.1.47); the route may answer
    /// 413 Content Too Large for a page of full text (respan-api.md §9).
    public func traces(
        experimentID: String, page: Int = 1, pageSize: Int = 100, previewLength: Int? = nil
    ) async throws(RespanAPIError) -> Page<Trace> {
        var query = [("page", String(page)), ("page_size", String(pageSize))]
        if let previewLength { query.append(("preview_length", String(previewLength))) }
        let call = Call(
            method: .POST, path: Self.experimentPath(experimentID) + "logs/list/", query: query,
            body: Filter.body([]))
        return try Page(json: try await require(send(call)), item: Trace.init(json:))
    }

    /// One trace with its `span_tree` (`GET …/logs/{log_id}/`): where an evaluator workflow's
    /// whole score is when the list cut it short (respan-api.md §9).
    public func trace(experimentID: String, logID: String) async throws(RespanAPIError) -> Trace {
        let call = Call(method: .GET, path: Self.experimentPath(experimentID) + "logs/\(Self.escape(logID))/")
        return try Trace(json: try await require(send(call)))
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
