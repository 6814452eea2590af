import Foundation
import Hummingbird
import Logging
import NIOCore
import RespanCore
import Synchronization

/// An application under test for `runner: { http: … }`, on an ephemeral loopback port: `POST
/// /answer` answers a row's input with `{"answer": INPUT}`, or HTTP 500 when the input holds
/// `fail`; every POSTed body and `Authorization` header is kept, to count and check what was asked.
public final class RowService: Sendable {
    public let url: String
    private let task: Task<Void, any Error>
    private let shared: SharedBodies

    private init(url: String, task: Task<Void, any Error>, shared: SharedBodies) {
        self.url = url
        self.task = task
        self.shared = shared
    }

    /// The bodies POSTed so far.
    public var received: [String] { shared.bodies.withLock { $0 } }
    /// The `Authorization` header of each POST so far ("" when it had none).
    public var authorizations: [String] { shared.authorizations.withLock { $0 } }

    public static func start() async throws -> RowService {
        let shared = SharedBodies()
        let router = Router()
        router.post("/answer") { request, _ -> Response in
            let buffer = try await request.body.collect(upTo: 1 << 20)
            let text = String(buffer: buffer)
            shared.append(text, authorization: request.headers[.authorization] ?? "")
            if text.contains("fail") {
                return Response(
                    status: .internalServerError, body: .init(byteBuffer: ByteBuffer(string: "boom: \(text)")))
            }
            let input = (try? JSONValue(parsing: text)) ?? .null
            let body = JSONValue.object(["answer": input]).serialized()
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: body)))
        }
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "respan-plan.tests.row-service")
        logger.logLevel = .critical
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) }, logger: logger)
        let task = Task {
            defer { continuation.finish() }
            try await app.run()
        }
        for await port in ports {
            return RowService(url: "http://127.0.0.1:\(port)/answer", task: task, shared: shared)
        }
        try await task.value
        throw CancellationError()
    }

    public func stop() async {
        task.cancel()
        _ = try? await task.value
    }
}

/// The bodies a service keeps, shared with its route.
private final class SharedBodies: Sendable {
    let bodies = Mutex<[String]>([])
    let authorizations = Mutex<[String]>([])
    func append(_ text: String, authorization: String) {
        bodies.withLock { $0.append(text) }
        authorizations.withLock { $0.append(authorization) }
    }
}
