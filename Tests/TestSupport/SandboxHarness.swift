import AsyncHTTPClient
import Foundation
import NIOCore
import RespanAPI
import RespanCore
import Sandbox

/// A sandbox started in-process on an ephemeral loopback port, for one test.
public struct SandboxHarness: Sendable {
    public let server: SandboxServer
    public let dataDirectory: TemporaryDirectory?

    public var url: String { server.url }
    public var token: String { server.token }

    /// Starts a sandbox; `configure` sets faults and timings (the port is always ephemeral).
    public static func start(
        persistent: Bool = false, _ configure: (inout SandboxConfiguration) -> Void = { _ in }
    ) async throws -> SandboxHarness {
        var configuration = SandboxConfiguration(token: "test-token-\(UUID().uuidString)")
        configuration.port = 0
        configuration.runSeconds = 60
        let directory = persistent ? try TemporaryDirectory() : nil
        configuration.dataDirectory = directory?.url
        configure(&configuration)
        return SandboxHarness(server: try await SandboxServer.start(configuration), dataDirectory: directory)
    }

    /// A client for this sandbox with fast retries, so fault tests run in moments; `clock`
    /// times its retries and rate limit, `onRetry` hears of every retry.
    public func client(
        retryPolicy: RetryPolicy = RetryPolicy(
            maxAttempts: 8, baseDelay: .milliseconds(5), maxDelay: .milliseconds(50)),
        apiKey: String? = nil, clock: any Clock<Duration> = ContinuousClock(),
        onRetry: (@Sendable (RetryNotice) -> Void)? = nil
    ) throws -> RespanClient {
        var configuration = try ClientConfiguration(baseURL: url, apiKey: apiKey ?? token)
        configuration.onRetry = onRetry
        return RespanClient(configuration: configuration, retryPolicy: retryPolicy, clock: clock)
    }

    public func stop() async {
        await server.stop()
    }

    /// A raw request: method, path and a JSON text body, as the docs' examples show them.
    public enum Auth: Sendable {
        case valid, none
        case header(String)
    }

    public func raw(
        _ method: String, _ path: String, body: String? = nil, auth: Auth = .valid
    ) async throws -> RawResponse {
        let authorization: String? =
            switch auth {
            case .valid: "Bearer \(token)"
            case .none: nil
            case .header(let value): value
            }
        return try await Self.raw(method, url + path, body: body, authorization: authorization)
    }

    /// A raw request to any URL, e.g. to a sandbox the CLI started.
    public static func raw(
        _ method: String, _ url: String, body: String? = nil, authorization: String?
    ) async throws -> RawResponse {
        var request = HTTPClientRequest(url: url)
        request.method = .init(rawValue: method)
        if let authorization { request.headers.add(name: "Authorization", value: authorization) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 16 * 1024 * 1024)
        let text = String(buffer: bytes)
        return RawResponse(
            status: Int(response.status.code), text: text,
            json: text.isEmpty ? nil : try JSONValue(parsing: text),
            headers: Dictionary(
                response.headers.map { ($0.name.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a }))
    }

    public struct RawResponse: Sendable {
        public var status: Int
        public var text: String
        public var json: JSONValue?
        public var headers: [String: String]
    }
}

/// A create body in the shape of respan-api.md §2.2's example.
public func createBody(id: String? = nil, model: String = "gpt-4o-mini", name: String = "Quality run") -> String {
    let idField = id.map { #""experiment_id": "\#($0)", "# } ?? ""
    return """
        {\(idField)"name": "\(name)", "description": "Response quality", "dataset_id": "ds_support_qa_2024",
         "workflow": [{"type": "completion", "config": {"model": "\(model)", "temperature": 0.2, "max_tokens": 256}}],
         "evaluator_ids": ["eval_quality"]}
        """
}

extension SandboxHarness {
    /// Starts a sandbox on the state another one left in `directory`.
    public static func restart(
        in directory: TemporaryDirectory, token: String, _ configure: (inout SandboxConfiguration) -> Void = { _ in }
    ) async throws -> SandboxHarness {
        var configuration = SandboxConfiguration(token: token)
        configuration.port = 0
        configuration.dataDirectory = directory.url
        configure(&configuration)
        return SandboxHarness(server: try await SandboxServer.start(configuration), dataDirectory: nil)
    }
}
