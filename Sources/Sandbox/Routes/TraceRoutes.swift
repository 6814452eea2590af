import RespanCore

/// `/api/v2/experiments/{id}/logs/…` and `/histogram/`: traces and scores of a run.
struct TraceRoutes {
    let repository: any SandboxRepository

    func register(on routes: SandboxRouter) {
        let experiment = "/api/v2/experiments/:id"
        routes.at(experiment + "/logs/list", [.get: list, .post: list])
        routes.at(experiment + "/logs/summary", [.get: summary, .post: summary])
        routes.at(experiment + "/histogram", [.get: histogram, .post: histogram])
        routes.at(experiment + "/logs/:log", [.get: read, .patch: update])
    }

    private func simulation(_ request: SandboxRequest) async throws(APIError) -> RunSimulation {
        await repository.simulation(of: try await repository.experiment(request.parameter("id")))
    }

    /// A page of traces. With `preview_length` (a positive integer; ignored with `detail`, as
    /// 0.1.47 documents) `input`, `expected_output` and `output` are cut to that many
    /// characters and the page is always served; a page of full text asking for more rows than
    /// `behaviour.tracePageLimit` is 413 Content Too Large.
    @Sendable func list(_ request: SandboxRequest) async throws(APIError) -> SandboxResponse {
        let simulation = try await simulation(request)
        let pagination = try Pagination(query: request.query, defaultSort: nil)
        let filters = try FilterSet(request.body)
        let detail = ["1", "true"].contains(request.query["detail"] ?? "")
        let preview = detail ? nil : TracePreview(query: request.query)
        if preview == nil, let limit = repository.behaviour.tracePageLimit, pagination.pageSize > limit {
            throw .contentTooLarge(
                "A page of \(pagination.pageSize) traces with full text exceeds the response limit of \(limit); "
                    + "ask for fewer rows or pass preview_length.")
        }
        let traces = (0..<simulation.visibleRows).map { simulation.trace(row: $0, detail: detail) }
        let page = pagination.page(traces.filter(filters.matches), baseURL: request.baseURL, path: request.path)
        return .ok(preview.map { $0.apply(to: page) } ?? page)
    }

    /// The totals and score aggregates. A run with more traces than `behaviour.tracePageLimit`
    /// is 413 Content Too Large here too: the SDK declares 413 on this route, and the sandbox
    /// ties it to the rows aggregated, so a client must be able to do without the summary.
    @Sendable func summary(_ request: SandboxRequest) async throws(APIError) -> SandboxResponse {
        let simulation = try await simulation(request)
        if let limit = repository.behaviour.tracePageLimit, simulation.visibleRows > limit {
            throw .contentTooLarge(
                "The summary of \(simulation.visibleRows) traces exceeds the response limit of \(limit) rows.")
        }
        return .ok(simulation.summary)
    }

    @Sendable func read(_ request: SandboxRequest) async throws(APIError) -> SandboxResponse {
        let simulation = try await simulation(request)
        let log = request.parameter("log")
        guard let row = simulation.row(ofTrace: log) else { throw .notFound("Trace '\(log)'") }
        return .ok(simulation.trace(row: row, detail: true))
    }

    @Sendable func update(_ request: SandboxRequest) async throws(APIError) -> SandboxResponse {
        let log = request.parameter("log")
        let simulation = try await simulation(request)
        guard simulation.row(ofTrace: log) != nil else { throw .notFound("Trace '\(log)'") }
        guard let body = request.body?.objectValue, let output = body["input"].flatMap({ _ in body["output"] }) else {
            throw APIError.invalid(["input": ["This field is required."], "output": ["This field is required."]])
        }
        if simulation.waitsForOutputs {
            try await repository.submit(output, experiment: simulation.record.id, trace: log)
        }
        return SandboxResponse(
            status: 200, body: ["id": .string(log), "trace_unique_id": .string(log), "status": "success"],
            committed: true)
    }

    /// The histogram reads `evaluator_id` and `bins` from the query string (SDK v0.1.29).
    @Sendable func histogram(_ request: SandboxRequest) async throws(APIError) -> SandboxResponse {
        let simulation = try await simulation(request)
        guard let evaluator = request.query["evaluator_id"], !evaluator.isEmpty else {
            throw APIError.invalid(["evaluator_id": ["This query parameter is required."]])
        }
        let bins = Int(request.query["bins"] ?? "20") ?? 0
        guard (1...50).contains(bins) else { throw APIError.invalid(["bins": ["Must be an integer in 1...50."]]) }
        let base = evaluator.split(separator: ":", maxSplits: 1).first.map(String.init) ?? evaluator
        guard let key = simulation.record.scoringKeys.first(where: { $0 == evaluator || $0 == base }) else {
            throw APIError.notFound("Evaluator '\(evaluator)' in this experiment")
        }
        return .ok(simulation.histogram(evaluator: key, bins: bins))
    }
}
