import RespanCore

/// A request as the routes see it: already authenticated, body parsed as raw JSON.
struct SandboxRequest: Sendable {
    var method: String
    /// Path components without empty ones: a trailing slash makes no difference.
    var segments: [String]
    var path: String
    var query: [String: String]
    var body: JSONValue?
    /// `http://host:port`, for absolute pagination links.
    var baseURL: String
}

/// A route's answer; `committed` marks a successful write (a candidate for drop-after-commit).
struct SandboxResponse: Sendable {
    var status: Int
    var body: JSONValue?
    var headers: [String: String] = [:]
    var committed = false

    static func ok(_ body: JSONValue) -> SandboxResponse { SandboxResponse(status: 200, body: body) }

    static func error(_ error: APIError) -> SandboxResponse {
        var response = SandboxResponse(status: error.status, body: error.body)
        if let retryAfter = error.retryAfter { response.headers["Retry-After"] = String(retryAfter) }
        return response
    }
}
