import NIOHTTP1
import RespanCore

extension RespanClient {
    static func experimentPath(_ id: String) -> String { "/api/v2/experiments/\(escape(id))/" }

    /// Creates an experiment (`POST /api/v2/experiments/`); see `createExperimentOutcome`.
    public func createExperiment(_ body: JSONValue) async throws(RespanAPIError) -> Experiment {
        try await createExperimentOutcome(body).experiment
    }

    /// Creates an experiment. With an `experiment_id` in the body the create is idempotent:
    /// after a failure that may have reached the server (a dropped connection, a timeout, a
    /// 5xx, a 409) the id is looked up first and an existing experiment returned, so retries
    /// never make a second one. Respan does not document how a duplicate id is answered
    /// (respan-api.md §9: 409, a 400 field error or a 500 are all plausible), so a 400 to a
    /// create with a chosen id is followed by the same lookup before it counts as an error.
    /// Without an id the create is sent once.
    ///
    /// The result says whether the experiment was made by this call or found under the id.
    public func createExperimentOutcome(_ body: JSONValue) async throws(RespanAPIError) -> CreatedExperiment {
        var call = Call(method: .POST, path: "/api/v2/experiments/", body: body, retryable: false)
        let decode = { (body: JSONValue?) throws(RespanAPIError) in
            CreatedExperiment(experiment: try Experiment(json: try self.require(body)), foundExisting: false)
        }
        guard let id = body["experiment_id"]?.stringValue else {
            return try await send(call, lookup: nil, decode: decode)
        }
        call.retryable = true
        let lookup = { () async throws(RespanAPIError) -> CreatedExperiment? in
            var found = try await self.experimentIfExists(id)
            if found == nil { found = try await self.experimentHolding(body) }
            return found.map { CreatedExperiment(experiment: $0, foundExisting: true) }
        }
        let outcome: CreatedExperiment
        do {
            outcome = try await send(call, lookup: lookup, decode: decode)
        } catch  where error.status == 400 {
            guard let found = try await lookup() else { throw error }
            outcome = found
        }
        claimed.withLock { _ = $0.insert(outcome.experiment.id) }
        return outcome
    }

    /// An experiment with the body's name that holds every field of it (`isHeld(by:)`), for a
    /// create whose chosen id a remote may have ignored (respan-api.md §9): after an answer that
    /// was lost, the run is found by what it is, not made again. Experiments this client's
    /// creates already returned are skipped. One list request, and one read per candidate.
    func experimentHolding(_ body: JSONValue) async throws(RespanAPIError) -> Experiment? {
        guard let name = body["name"]?.stringValue, var fields = body.objectValue else { return nil }
        fields["experiment_id"] = nil
        let named = try await experimentPage(filters: [Filter("name", "in", [.string(name)])], pageSize: 100).results
        let taken = claimed.withLock { $0 }
        for candidate in named where candidate.name == name && !taken.contains(candidate.id) {
            guard let full = try await experimentIfExists(candidate.id) else { continue }
            if fields.allSatisfy({ $0.value.isHeld(by: full.raw[$0.key] ?? .null) }) { return full }
        }
        return nil
    }

    public func experiment(_ id: String) async throws(RespanAPIError) -> Experiment {
        try Experiment(json: try await require(send(Call(method: .GET, path: Self.experimentPath(id)))))
    }

    /// The experiment, or nil when the server says 404.
    public func experimentIfExists(_ id: String) async throws(RespanAPIError) -> Experiment? {
        do {
            return try await experiment(id)
        } catch  where error.status == 404 {
            return nil
        }
    }

    /// PUT: replaces the experiment's editable fields with `body`.
    public func replaceExperiment(_ id: String, _ body: JSONValue) async throws(RespanAPIError) -> Experiment {
        try Experiment(json: try await require(send(Call(method: .PUT, path: Self.experimentPath(id), body: body))))
    }

    /// PATCH: changes only the fields in `body`.
    public func updateExperiment(_ id: String, _ body: JSONValue) async throws(RespanAPIError) -> Experiment {
        try Experiment(json: try await require(send(Call(method: .PATCH, path: Self.experimentPath(id), body: body))))
    }

    /// Deletes; a 404 on a retry (the first attempt went through) counts as done.
    public func deleteExperiment(_ id: String) async throws(RespanAPIError) {
        do {
            _ = try await send(Call(method: .DELETE, path: Self.experimentPath(id)))
        } catch  where error.status == 404 {
            return
        }
    }

    /// One page of `POST /api/v2/experiments/list/`.
    public func experimentPage(
        filters: [Filter] = [], page: Int = 1, pageSize: Int = 100, sortBy: String? = nil
    ) async throws(RespanAPIError) -> Page<Experiment> {
        var query = [("page", String(page)), ("page_size", String(pageSize))]
        if let sortBy { query.append(("sort_by", sortBy)) }
        let call = Call(method: .POST, path: "/api/v2/experiments/list/", query: query, body: Filter.body(filters))
        return try Page(json: try await require(send(call)), item: Experiment.init(json:))
    }

    /// Every experiment matching `filters`, page by page (`Paging`, at most 1,000 pages).
    public func experiments(
        filters: [Filter] = [], pageSize: Int = 100, sortBy: String? = nil
    ) async throws(RespanAPIError) -> [Experiment] {
        var all: [Experiment] = []
        try await Paging(limit: 1000, name: "the experiment list").read {
            (number: Int) async throws(RespanAPIError) -> Page<Experiment> in
            try await experimentPage(filters: filters, page: number, pageSize: pageSize, sortBy: sortBy)
        } each: { page in
            all += page.results
            return true
        }
        return all
    }

    func require(_ body: JSONValue?) throws(RespanAPIError) -> JSONValue {
        guard let body else { throw .decoding("an empty response body") }
        return body
    }
}
