import RespanCore

/// `/api/v2/experiments/{id}/logs/…` and `/histogram/`: traces and scores of a run.
enum TraceRoutes {
    static func handle(
        _ request: SandboxRequest, experimentID: String, rest: [String], store: SandboxStore
    ) async throws(APIError) -> SandboxResponse {
        let simulation = await store.simulation(of: try await store.experiment(experimentID))
        let path = rest.joined(separator: "/")
        let logID = rest.count == 2 && rest[0] == "logs" ? rest[1] : nil
        switch (request.method, path) {
        case ("GET", "logs/list"), ("POST", "logs/list"):
            let pagination = try Pagination(query: request.query, defaultSort: nil)
            let filters = try FilterSet(request.body)
            let detail = ["1", "true"].contains(request.query["detail"] ?? "")
            let traces = (0..<simulation.visibleRows).map { simulation.trace(row: $0, detail: detail) }.filter(
                filters.matches)
            return .ok(pagination.page(traces, baseURL: request.baseURL, path: request.path))
        case ("GET", "logs/summary"), ("POST", "logs/summary"):
            return .ok(simulation.summary)
        case ("GET", "histogram"), ("POST", "histogram"):
            return .ok(try histogram(request, simulation))
        case ("GET", _) where logID != nil:
            guard let logID, let row = simulation.row(ofTrace: logID) else { throw .notFound("Trace '\(logID)'") }
            return .ok(simulation.trace(row: row, detail: true))
        case ("PATCH", _) where logID != nil:
            guard let logID, simulation.row(ofTrace: logID) != nil else { throw .notFound("Trace '\(logID)'") }
            guard let body = request.body?.objectValue, body["input"] != nil, body["output"] != nil else {
                throw APIError.invalid(["input": ["This field is required."], "output": ["This field is required."]])
            }
            return SandboxResponse(
                status: 200, body: ["id": .string(logID), "trace_unique_id": .string(logID), "status": "success"],
                committed: true)
        default:
            throw .notFound("Route '\(request.path)'")
        }
    }

    /// The histogram reads `evaluator_id` and `bins` from the query string (SDK v0.1.29).
    private static func histogram(_ request: SandboxRequest, _ simulation: RunSimulation) throws(APIError) -> JSONValue
    {
        guard let evaluator = request.query["evaluator_id"], !evaluator.isEmpty else {
            throw APIError.invalid(["evaluator_id": ["This query parameter is required."]])
        }
        let bins = Int(request.query["bins"] ?? "20") ?? 0
        guard (1...50).contains(bins) else { throw APIError.invalid(["bins": ["Must be an integer in 1...50."]]) }
        let base = evaluator.split(separator: ":", maxSplits: 1).first.map(String.init) ?? evaluator
        guard let key = simulation.record.scoringKeys.first(where: { $0 == evaluator || $0 == base }) else {
            throw APIError.notFound("Evaluator '\(evaluator)' in this experiment")
        }
        return simulation.histogram(evaluator: key, bins: bins)
    }
}
