import NIOHTTP1
import RespanCore

/// Managed datasets and evaluators (respan-api.md §3–4): create, fill, read and delete.
extension RespanClient {
    static func datasetPath(_ id: String) -> String { "/api/datasets/\(escape(id))/" }
    static func evaluatorPath(_ id: String) -> String { "/api/evaluators/\(escape(id))/" }

    /// `POST /api/datasets/` with `is_empty: true`. Names are unique per content, so after a
    /// failure that may have reached the server the name is looked up before trying again:
    /// no retry makes a second dataset.
    public func createDataset(name: String, description: String) async throws(RespanAPIError) -> DatasetRecord {
        let body: JSONValue = ["name": .string(name), "description": .string(description), "is_empty": true]
        let call = Call(method: .POST, path: "/api/datasets/", body: body)
        return try await send(
            call, lookup: { () async throws(RespanAPIError) in try await self.datasets(named: name).first },
            decode: { (json: JSONValue?) throws(RespanAPIError) in try DatasetRecord(json: try self.require(json)) })
    }

    public func datasetRecord(_ id: String) async throws(RespanAPIError) -> DatasetRecord {
        try DatasetRecord(json: try await require(send(Call(method: .GET, path: Self.datasetPath(id)))))
    }

    /// The datasets whose name is exactly `name` (`POST /api/datasets/list/`, one page).
    public func datasets(named name: String) async throws(RespanAPIError) -> [DatasetRecord] {
        let call = Call(
            method: .POST, path: "/api/datasets/list/", query: [("page_size", "100")],
            body: Filter.body([Filter("name", "", [.string(name)])]))
        return try Page(json: try await require(send(call)), item: DatasetRecord.init(json:)).results
            .filter { $0.name == name }
    }

    /// `PATCH /api/datasets/{id}/` with a new description.
    public func updateDataset(_ id: String, description: String) async throws(RespanAPIError) -> DatasetRecord {
        let call = Call(method: .PATCH, path: Self.datasetPath(id), body: ["description": .string(description)])
        return try DatasetRecord(json: try await require(send(call)))
    }

    /// Deletes a dataset and its rows; one already gone counts as deleted.
    public func deleteDataset(_ id: String) async throws(RespanAPIError) {
        do {
            _ = try await send(Call(method: .DELETE, path: Self.datasetPath(id)))
        } catch  where error.status == 404 {
            return
        }
    }

    /// `POST /api/datasets/{id}/logs/bulk/` (1 to 500 rows): sent once (a repeat could add the
    /// rows twice); the caller checks `log_count` after a failure that may have reached the
    /// server. Waits its turn at `bulkRateLimiter` (30 a minute). A 400 whose body lists row
    /// errors (every row failed, 0.1.47) comes back as a result that took nothing.
    public func addDatasetLogs(
        _ id: String, _ rows: [JSONValue], heldBefore: Int
    ) async throws(RespanAPIError) -> BulkLogsResult {
        do {
            try await bulkRateLimiter.acquire()
        } catch {
            throw .cancelled
        }
        let call = Call(method: .POST, path: Self.datasetPath(id) + "logs/bulk/", body: ["logs": .array(rows)])
        do {
            // A failure that may have reached Respan (no answer, a 5xx) is retried through the
            // client's one loop; before each retry the row count says whether the batch went in.
            return try await send(
                call,
                lookup: { () async throws(RespanAPIError) -> BulkLogsResult? in
                    let held = try await self.datasetRecord(id).logCount ?? heldBefore
                    guard held != heldBefore else { return nil }
                    // All in, or some: the caller's final count check refuses a dataset cut short.
                    return BulkLogsResult(successCount: held - heldBefore, errors: [])
                }
            ) { json throws(RespanAPIError) in BulkLogsResult(json: try require(json), sent: rows.count) }
        } catch {
            // Every row failed: the same answer as a partial failure, with nothing taken.
            guard case .http(let failure) = error, failure.status == 400, let body = failure.body,
                body["errors"]?.arrayValue?.isEmpty == false
            else { throw error }
            var result = BulkLogsResult(json: body, sent: rows.count)
            result.successCount = 0
            return result
        }
    }

    /// The dataset's `log_count` once it reaches `rows`, read again with growing waits (0.25 s
    /// doubling to 8 s) on the client's clock for up to `within`; the last count read when it
    /// does not. Rows are "accepted for ingestion" (respan-api.md §9): the count may lag.
    public func datasetLogCount(
        _ id: String, reaching rows: Int, within: Duration
    ) async throws(RespanAPIError) -> Int? {
        var wait = Duration.milliseconds(250)
        var waited = Duration.zero
        while true {
            let held = try await datasetRecord(id).logCount
            guard let count = held, count < rows, waited < within else { return held }
            do { try await stopwatch.sleep(for: wait) } catch { throw .cancelled }
            waited += wait
            wait = min(wait * 2, .seconds(8))
        }
    }

    /// One page of a dataset's rows (`POST /api/datasets/{id}/logs/list/`).
    public func datasetLogs(
        _ id: String, page: Int = 1, pageSize: Int = 100
    ) async throws(RespanAPIError) -> Page<JSONValue> {
        let call = Call(
            method: .POST, path: Self.datasetPath(id) + "logs/list/",
            query: [("page", String(page)), ("page_size", String(pageSize))], body: Filter.body([]))
        return try Page(json: try await require(send(call)), item: { $0 })
    }

    /// `POST /api/evaluators/`. Slugs are unique, so after a failure that may have reached
    /// the server the slug is looked up before trying again.
    public func createEvaluator(_ body: JSONValue) async throws(RespanAPIError) -> EvaluatorRecord {
        let slug = body["evaluator_slug"]?.stringValue
        let call = Call(method: .POST, path: "/api/evaluators/", body: body, retryable: slug != nil)
        return try await send(
            call,
            lookup: { () async throws(RespanAPIError) -> EvaluatorRecord? in
                guard let slug, let found = try await self.evaluator(slug: slug) else { return nil }
                return try EvaluatorRecord(json: found.raw)
            },
            decode: { (json: JSONValue?) throws(RespanAPIError) in try EvaluatorRecord(json: try self.require(json)) })
    }

    public func evaluatorRecord(_ id: String) async throws(RespanAPIError) -> EvaluatorRecord {
        try EvaluatorRecord(json: try await require(send(Call(method: .GET, path: Self.evaluatorPath(id)))))
    }

    /// `PATCH /api/evaluators/{id}/`: edits the current draft.
    public func updateEvaluator(_ id: String, _ body: JSONValue) async throws(RespanAPIError) -> EvaluatorRecord {
        let call = Call(method: .PATCH, path: Self.evaluatorPath(id), body: body)
        return try EvaluatorRecord(json: try await require(send(call)))
    }

    /// `POST /api/evaluators/{id}/versions/` with only `version_description`: commits the
    /// draft as it is and opens the next one. Returns the next editable draft, not the
    /// committed version (0.1.47, respan-api.md §9).
    public func commitEvaluatorVersion(
        _ id: String, description: String
    ) async throws(RespanAPIError) -> EvaluatorRecord {
        let call = Call(
            method: .POST, path: Self.evaluatorPath(id) + "versions/",
            body: ["version_description": .string(description)])
        return try EvaluatorRecord(json: try await require(send(call)))
    }

    /// `GET /api/evaluators/{id}/versions/`: newest first.
    public func evaluatorVersions(_ id: String) async throws(RespanAPIError) -> [EvaluatorRecord] {
        let call = Call(method: .GET, path: Self.evaluatorPath(id) + "versions/", query: [("page_size", "100")])
        return try Page(json: try await require(send(call)), item: EvaluatorRecord.init(json:)).results
    }
}

/// Prompts (`/api/prompts/`, respan-api.md §5): a prompt, its versions, and their commits.
extension RespanClient {
    static func promptPath(_ id: String) -> String { "/api/prompts/\(escape(id))/" }

    /// `POST /api/prompts/`.
    public func createPrompt(name: String, description: String) async throws(RespanAPIError) -> PromptRecord {
        let call = Call(
            method: .POST, path: "/api/prompts/", body: ["name": .string(name), "description": .string(description)])
        return try PromptRecord(json: try await require(send(call)))
    }

    /// `GET /api/prompts/{id}/`, or nil when there is none.
    public func promptRecord(_ id: String) async throws(RespanAPIError) -> PromptRecord? {
        do {
            return try PromptRecord(json: try await require(send(Call(method: .GET, path: Self.promptPath(id)))))
        } catch  where error.status == 404 {
            return nil
        }
    }

    /// `POST /api/prompts/{id}/versions/`: a new draft version with this content.
    public func createPromptVersion(_ id: String, _ body: JSONValue) async throws(RespanAPIError) -> PromptVersionRecord
    {
        let call = Call(method: .POST, path: Self.promptPath(id) + "versions/", body: body)
        return try PromptVersionRecord(json: try await require(send(call)))
    }

    /// `POST /api/prompts/{id}/commits/`: the draft made read-only, with `description`.
    public func commitPrompt(_ id: String, description: String) async throws(RespanAPIError) -> PromptVersionRecord? {
        let call = Call(
            method: .POST, path: Self.promptPath(id) + "commits/", body: ["description": .string(description)])
        guard let json = try await send(call) else { return nil }
        return try? PromptVersionRecord(json: json)
    }

    /// `GET /api/prompts/{id}/versions/`: newest first.
    public func promptVersions(_ id: String) async throws(RespanAPIError) -> [PromptVersionRecord] {
        let call = Call(method: .GET, path: Self.promptPath(id) + "versions/", query: [("page_size", "100")])
        return try Page(json: try await require(send(call)), item: PromptVersionRecord.init(json:)).results
    }
}
