import RespanCore

/// Prompts (respan-api.md §5): create a prompt, add a version (`messages` and `model`
/// required), list its versions newest first, and commit the draft with a description.
struct PromptRoutes {
    let repository: any SandboxRepository

    func register(on routes: SandboxRouter) {
        routes.at("/api/prompts", [.post: create])
        routes.at("/api/prompts/:id", [.get: read])
        routes.at("/api/prompts/:id/versions", [.get: versions, .post: addVersion])
        routes.at("/api/prompts/:id/commits", [.post: commit])
    }

    @Sendable func create(_ request: SandboxRequest) async throws(APIError) -> SandboxResponse {
        guard let name = request.body?["name"]?.stringValue, !name.isEmpty else {
            throw APIError.invalid(["name": ["This field is required."]])
        }
        let description = request.body?["description"]?.stringValue ?? ""
        let prompt = try await repository.createPrompt(name: name, description: description)
        return SandboxResponse(status: 201, body: prompt.record, committed: true)
    }

    @Sendable func read(_ request: SandboxRequest) async throws(APIError) -> SandboxResponse {
        .ok(try await repository.prompt(request.parameter("id")).record)
    }

    @Sendable func versions(_ request: SandboxRequest) async throws(APIError) -> SandboxResponse {
        let pagination = try Pagination(query: request.query, defaultSort: nil)
        let prompt = try await repository.prompt(request.parameter("id"))
        let items = prompt.versions.reversed().map(JSONValue.object)
        let start = min(items.count, (pagination.page - 1) * pagination.pageSize)
        var page = pagination.page(items, baseURL: request.baseURL, path: request.path).objectValue ?? [:]
        page["results"] = .array(Array(items[start..<min(items.count, start + pagination.pageSize)]))
        return .ok(.object(page))
    }

    @Sendable func addVersion(_ request: SandboxRequest) async throws(APIError) -> SandboxResponse {
        guard var content = request.body?.objectValue else { throw APIError.badRequest("A JSON object is required.") }
        var missing: [String: [String]] = [:]
        if content["messages"]?.arrayValue?.isEmpty != false { missing["messages"] = ["This field is required."] }
        if content["model"]?.stringValue == nil { missing["model"] = ["This field is required."] }
        if !missing.isEmpty { throw APIError.invalid(missing) }
        for field in ["version", "readonly", "id", "prompt_version_id"] { content[field] = nil }
        let version = try await repository.addPromptVersion(request.parameter("id"), content)
        return SandboxResponse(status: 201, body: version, committed: true)
    }

    @Sendable func commit(_ request: SandboxRequest) async throws(APIError) -> SandboxResponse {
        let description = request.body?["description"]?.stringValue ?? ""
        let committed = try await repository.commitPrompt(request.parameter("id"), description: description)
        return SandboxResponse(status: 201, body: committed, committed: true)
    }
}
