import RespanCore

/// Dataset writes (respan-api.md §3): create an empty dataset, add rows one at a time or in
/// bulk (with partial failure), list, read and delete rows, rename and delete the dataset.
/// Seeded datasets are read-only (403).
struct ManagedDatasetRoutes {
    let repository: any SandboxRepository
    let faults: FaultInjector

    func registerLogs(on routes: SandboxRouter) {
        routes.at("/api/datasets/:id/logs", [.post: addLog])
        routes.at("/api/datasets/:id/logs/bulk", [.post: bulk])
        routes.at("/api/datasets/:id/logs/list", [.get: listLogs, .post: listLogs])
        // Importing production logs and removing rows by filter are not served (405).
        routes.at("/api/datasets/:id/logs/import", [:])
        routes.at("/api/datasets/:id/logs/:log", [.get: readLog, .delete: deleteLog])
    }

    /// `POST /api/datasets/`: the sandbox has no request logs to sample, so only `is_empty: true`
    /// creates; without it `start_time` and `end_time` are required, as documented, and then refused.
    @Sendable func create(_ request: SandboxRequest) async throws(APIError) -> SandboxResponse {
        guard let body = request.body?.objectValue else { throw .badRequest("The body must be a JSON object.") }
        if body["source_dataset_id"] != nil {
            throw .badRequest("The sandbox does not duplicate datasets (source_dataset_id).")
        }
        guard let name = body["name"]?.stringValue, !name.isEmpty else {
            throw .invalid(["name": ["This field is required."]])
        }
        guard body["is_empty"]?.boolValue == true else {
            var errors: [String: [String]] = [:]
            for field in ["start_time", "end_time"] where body[field] == nil {
                errors[field] = ["This field is required."]
            }
            if !errors.isEmpty { throw .invalid(errors) }
            throw .badRequest("The sandbox has no request logs to sample; create with \"is_empty\": true and add rows.")
        }
        let dataset = try await repository.createDataset(
            name: name, description: body["description"]?.stringValue ?? "")
        return SandboxResponse(status: 201, body: dataset.json, committed: true)
    }

    @Sendable func update(_ request: SandboxRequest) async throws(APIError) -> SandboxResponse {
        let body = request.body?.objectValue ?? [:]
        let dataset = try await repository.updateDataset(
            request.parameter("id"), name: body["name"]?.stringValue, description: body["description"]?.stringValue)
        return SandboxResponse(status: 200, body: dataset.json, committed: true)
    }

    @Sendable func delete(_ request: SandboxRequest) async throws(APIError) -> SandboxResponse {
        try await repository.deleteDataset(request.parameter("id"))
        return SandboxResponse(status: 204, body: nil, committed: true)
    }

    @Sendable func addLog(_ request: SandboxRequest) async throws(APIError) -> SandboxResponse {
        guard let log = request.body, Self.problem(with: log) == nil else {
            throw .invalid(["input": [Self.problem(with: request.body ?? .null) ?? "This field is required."]])
        }
        let stored = try await repository.addLogs(request.parameter("id"), [Self.row(log)])
        return SandboxResponse(
            status: 201, body: ["message": "Log added.", "unique_id": stored.first?["unique_id"] ?? .null],
            committed: true)
    }

    /// `{logs: [...]}`: each row is stored or rejected on its own; the answer counts both and
    /// lists each rejected row's index. `--bulk-error-rate` rejects rows at random.
    /// `{logs: [...]}` (respan-api.md §9, 0.1.47): 1 to 500 rows a request, 30 requests a
    /// minute; each row is stored or rejected on its own, and the answer counts both and lists
    /// each rejected row's index; when every row fails the answer is 400. `--bulk-error-rate`
    /// rejects rows at random.
    @Sendable func bulk(_ request: SandboxRequest) async throws(APIError) -> SandboxResponse {
        let id = request.parameter("id")
        _ = try await repository.managedDataset(id)
        guard let logs = request.body?["logs"]?.arrayValue else {
            throw .invalid(["logs": ["Expected a list of items."]])
        }
        guard (1...Self.maxBulkRows).contains(logs.count) else {
            throw APIError(
                status: 400, detail: "Send 1 to \(Self.maxBulkRows) logs a request; got \(logs.count).",
                fieldErrors: ["logs": ["Ensure this field has between 1 and \(Self.maxBulkRows) items."]])
        }
        if let limited = await faults.bulkRateLimitError() { throw limited }
        var accepted: [JSONValue] = []
        var errors: [JSONValue] = []
        for (index, log) in logs.enumerated() {
            if let problem = Self.problem(with: log) {
                errors.append(["index": .int(index), "error": .string(problem)])
            } else if await faults.rejectsRow() {
                errors.append(["index": .int(index), "error": "Injected row failure (sandbox --bulk-error-rate)."])
            } else {
                accepted.append(Self.row(log))
            }
        }
        _ = try await repository.addLogs(id, accepted)
        let body: JSONValue = [
            "success_count": .int(accepted.count), "error_count": .int(errors.count), "errors": .array(errors),
        ]
        return SandboxResponse(status: accepted.isEmpty ? 400 : 201, body: body, committed: !accepted.isEmpty)
    }

    /// The most rows one bulk request may carry (0.1.47 `datasets/raw_client.py`).
    static let maxBulkRows = 500

    @Sendable func listLogs(_ request: SandboxRequest) async throws(APIError) -> SandboxResponse {
        let pagination = try Pagination(query: request.query, defaultSort: nil)
        let dataset = try await repository.managedDataset(request.parameter("id"))
        let filters = try FilterSet(request.body)
        var items = dataset.logs.filter { filters.conditions.isEmpty || filters.matches($0) }
        if pagination.sortBy != nil {
            items = pagination.slice(items)
        } else {
            let start = min(items.count, (pagination.page - 1) * pagination.pageSize)
            items = Array(items[start..<min(items.count, start + pagination.pageSize)])
        }
        var page = pagination.page(dataset.logs, baseURL: request.baseURL, path: request.path).objectValue ?? [:]
        page["results"] = .array(items)
        page["total_count"] = .int(dataset.logs.count)
        return .ok(.object(page))
    }

    @Sendable func readLog(_ request: SandboxRequest) async throws(APIError) -> SandboxResponse {
        let dataset = try await repository.managedDataset(request.parameter("id"))
        let unique = request.parameter("log")
        guard let log = dataset.logs.first(where: { $0["unique_id"]?.stringValue == unique }) else {
            throw .notFound("Dataset log '\(unique)'")
        }
        return .ok(log)
    }

    @Sendable func deleteLog(_ request: SandboxRequest) async throws(APIError) -> SandboxResponse {
        try await repository.deleteLog(request.parameter("id"), uniqueID: request.parameter("log"))
        return SandboxResponse(status: 204, body: nil, committed: true)
    }

    /// Why a row cannot be stored, or nil: it must be an object with a non-null `input`.
    static func problem(with log: JSONValue) -> String? {
        guard let object = log.objectValue else { return "Each log must be a JSON object." }
        guard let input = object["input"], input != .null else { return "input: This field is required." }
        return nil
    }

    /// The fields a DatasetLog keeps from what was sent.
    static func row(_ log: JSONValue) -> JSONValue {
        var row: [String: JSONValue] = [:]
        for field in ["input", "output", "expected_output", "metadata", "metrics"] { row[field] = log[field] }
        return .object(row)
    }
}

extension ManagedCatalog.Dataset {
    var json: JSONValue { json(ingestedBy: nil) }

    /// `ingestedBy`: with `--ingestion-lag`, the time (ISO 8601, which sorts as text) up to
    /// which rows count in `log_count`; rows added later are "accepted for ingestion" only.
    func json(ingestedBy cutoff: String?) -> JSONValue {
        let count = cutoff.map { cutoff in logs.count { ($0["timestamp"]?.stringValue ?? "") <= cutoff } } ?? logs.count
        return [
            "id": .string(id), "name": .string(name), "description": .string(description), "type": "llm",
            "status": "ready", "log_count": .int(count), "created_at": createdAt.iso8601,
            "updated_at": updatedAt.iso8601, "initial_log_filters": [:], "tags": [], "starred": false,
        ]
    }
}
