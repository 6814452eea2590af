import HTTPTypes
import Hummingbird
import NIOCore
import RespanCore

/// A request as the routes see it: already authenticated, body parsed as raw JSON.
struct SandboxRequest: Sendable {
    var method: String
    var path: String
    var query: [String: String]
    /// The route's path parameters (`id`, `log`).
    var parameters: [String: String]
    var body: JSONValue?
    /// `http://host:port`, for absolute pagination links.
    var baseURL: String

    static let maxBodyBytes = 8 * 1024 * 1024

    /// Reads the body as raw JSON (never as the client's types: the sandbox checks the wire).
    init(_ request: Request, context: SandboxRequestContext, host: String) async throws(APIError) {
        do {
            let buffer = try await request.body.collect(upTo: Self.maxBodyBytes)
            if buffer.readableBytes > 0 { body = try JSONValue(parsing: Array(buffer.readableBytesView)) }
        } catch let error as JSONParseError {
            throw APIError.badRequest("JSON parse error - \(error.description)")
        } catch {
            throw APIError(status: 413, detail: "The request body is too large.")
        }
        method = request.method.rawValue
        path = request.uri.path
        query = [:]
        for (key, value) in request.uri.queryParameters { query[String(key)] = String(value) }
        parameters = [:]
        for (key, value) in context.parameters { parameters[String(key)] = String(value) }
        baseURL = "http://\(request.head.authority ?? host)"
    }

    /// A path parameter the route declared.
    func parameter(_ name: String) -> String { parameters[name] ?? "" }
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

    /// The HTTP response: the body as JSON, or none.
    var encoded: Response {
        var fields = HTTPFields()
        for (name, value) in headers {
            if let field = HTTPField.Name(name) { fields[field] = value }
        }
        guard let body else { return Response(status: .init(code: status), headers: fields) }
        fields[.contentType] = "application/json"
        return Response(
            status: .init(code: status), headers: fields, body: .init(byteBuffer: ByteBuffer(string: body.serialized()))
        )
    }
}
