import RespanCore

/// Maps method and path to a route, with the same paths with or without a trailing slash.
enum SandboxRouter {
    static func handle(_ request: SandboxRequest, store: SandboxStore) async throws(APIError) -> SandboxResponse {
        let segments = request.segments
        guard segments.count >= 2, segments[0] == "api" else { throw .notFound("Route '\(request.path)'") }
        if segments.count >= 3, segments[1] == "v2", segments[2] == "experiments" {
            return try await ExperimentRoutes.handle(request, rest: Array(segments.dropFirst(3)), store: store)
        }
        switch segments[1] {
        case "datasets":
            return try await CatalogRoutes.datasets(request, rest: Array(segments.dropFirst(2)), store: store)
        case "evaluators":
            return try await CatalogRoutes.evaluators(request, rest: Array(segments.dropFirst(2)), store: store)
        default: throw .notFound("Route '\(request.path)'")
        }
    }

    static func methodNotAllowed(_ request: SandboxRequest) -> APIError {
        APIError(status: 405, detail: "Method \"\(request.method)\" not allowed.")
    }
}
