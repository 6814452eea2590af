import Foundation
import Hummingbird
import Logging
import NIOCore
import RespanCore
import ServiceLifecycle

/// A running sandbox: start it in-process, read its URL and token, stop it.
public final class SandboxServer: Sendable {
    /// `http://127.0.0.1:PORT`.
    public let url: String
    public let port: Int
    public let token: String
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    /// How long `stop` waits for the graceful shutdown before it cancels what is left: only a
    /// client that never finishes its request is waited for so long (an injected latency ends at
    /// the shutdown), and a cancellation may hit the trap the graceful shutdown avoids.
    static let shutdownGrace: Duration = .seconds(30)

    private init(url: String, port: Int, token: String, group: ServiceGroup, task: Task<Void, any Error>) {
        self.url = url
        self.port = port
        self.token = token
        self.group = group
        self.task = task
    }

    /// Starts serving and returns once the port is bound (or throws why it could not be).
    public static func start(_ configuration: SandboxConfiguration) async throws -> SandboxServer {
        let stopwatch = Stopwatch(configuration.clock)
        let started = Date().timeIntervalSince1970
        let store = try SandboxStore(
            dataDirectory: configuration.dataDirectory, runSeconds: configuration.runSeconds,
            behaviour: configuration.behaviour, clock: { started + stopwatch.elapsed.seconds })
        let router = SandboxRouter.build(
            repository: store, faults: FaultInjector(configuration, stopwatch: stopwatch),
            configuration: configuration, stopwatch: stopwatch)
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "respan-plan.sandbox")
        logger.logLevel = .critical
        let app = Application(
            responder: router.buildResponder(),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) },
            logger: logger)
        let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
        let task = Task {
            defer { continuation.finish() }
            try await group.run()
        }
        for await port in ports {
            let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
            return SandboxServer(
                url: "http://\(host):\(port)", port: port, token: configuration.token, group: group, task: task)
        }
        try await task.value
        throw CancellationError()
    }

    /// Waits until the server stops (it runs until cancelled or the process ends).
    public func wait() async throws {
        try await task.value
    }

    /// Stops accepting, serves what it accepted and lets requests in flight finish, then returns.
    ///
    /// A graceful shutdown, not a cancellation: cancelling the serving task while a connection
    /// is being accepted leaves that connection's writer unfinished, and NIO traps on it
    /// ("Deinited NIOAsyncWriter without calling finish()", apple/swift-nio#3481); a CLI run
    /// that stopped one embedded sandbox and started the next crashed so.
    public func stop() async {
        await group.triggerGracefulShutdown()
        let task = self.task
        let deadline = Task {
            try await Task.sleep(for: Self.shutdownGrace)
            task.cancel()
        }
        _ = try? await task.value
        deadline.cancel()
    }
}
