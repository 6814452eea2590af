import HTTPTypes
import Hummingbird
import NIOCore
import RespanCore

/// The per-request context, keeping the connection so a write can be "dropped after commit".
struct SandboxRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}

/// Authenticates, injects faults, parses JSON and dispatches to the routes.
struct SandboxResponder: HTTPResponder {
    typealias Context = SandboxRequestContext

    let store: SandboxStore
    let faults: FaultInjector
    let configuration: SandboxConfiguration
    let stopwatch: Stopwatch
    static let maxBodyBytes = 8 * 1024 * 1024

    func respond(to request: Request, context: Context) async throws -> Response {
        if configuration.latency > .zero { try await stopwatch.sleep(for: configuration.latency) }
        let response: SandboxResponse
        do {
            response = try await handle(request)
        } catch {
            return encode(.error(error))
        }
        if response.committed, await faults.shouldDropAfterCommit() {
            // The write is stored; the client never hears so. Idempotent clients must cope.
            try? await context.channel.close()
            return Response(status: .ok)
        }
        return encode(response)
    }

    private func handle(_ request: Request) async throws(APIError) -> SandboxResponse {
        try authenticate(request)
        if let limited = await faults.rateLimitError() { throw limited }
        if let failure = await faults.injectedServerError() { throw failure }
        let parsed = try await parse(request)
        return try await SandboxRouter.handle(parsed, store: store)
    }

    private func authenticate(_ request: Request) throws(APIError) {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else {
            throw APIError(status: 401, detail: "Authentication credentials were not provided.")
        }
        guard header.dropFirst("Bearer ".count) == configuration.token else {
            throw APIError(status: 401, detail: "Invalid API key.")
        }
    }

    private func parse(_ request: Request) async throws(APIError) -> SandboxRequest {
        var body: JSONValue?
        do {
            let buffer = try await request.body.collect(upTo: Self.maxBodyBytes)
            if buffer.readableBytes > 0 { body = try JSONValue(parsing: Array(buffer.readableBytesView)) }
        } catch let error as JSONParseError {
            throw APIError.badRequest("JSON parse error - \(error.description)")
        } catch {
            throw APIError(status: 413, detail: "The request body is too large.")
        }
        var query: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { query[String(key)] = String(value) }
        let path = request.uri.path
        let authority = request.head.authority ?? "\(configuration.host):\(configuration.port)"
        return SandboxRequest(
            method: request.method.rawValue, segments: path.split(separator: "/").map(String.init), path: path,
            query: query, body: body, baseURL: "http://\(authority)")
    }

    private func encode(_ response: SandboxResponse) -> Response {
        var headers = HTTPFields()
        for (name, value) in response.headers {
            if let field = HTTPField.Name(name) { headers[field] = value }
        }
        guard let body = response.body else {
            return Response(status: .init(code: response.status), headers: headers)
        }
        headers[.contentType] = "application/json"
        return Response(
            status: .init(code: response.status), headers: headers,
            body: .init(byteBuffer: ByteBuffer(string: body.serialized())))
    }
}
