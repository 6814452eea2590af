import Foundation
import RespanAPI
import Sandbox

/// A client for Respan, with the embedded sandbox it talks to when `--sandbox` is given.
public struct Connection: Sendable {
    public let client: RespanClient
    public let server: SandboxServer?

    /// The one factory for clients: the embedded sandbox when `sandbox` is given (started here,
    /// stopped by `close`), else Respan at `endpoint`/`RESPAN_BASE_URL` with the key from
    /// `apiKeyFile`/`RESPAN_API_KEY`. `rateLimit` is requests a minute (default 60 for Respan,
    /// Respan's documented limit; none for the sandbox).
    public static func open(
        sandbox: SandboxConfiguration?, endpoint: String?, apiKeyFile: String?, rateLimit: Double?,
        environment: [String: String], onRetry: (@Sendable (RetryNotice) -> Void)? = nil
    ) async throws -> Connection {
        if let sandbox {
            let server = try await SandboxServer.start(sandbox)
            var configuration = try ClientConfiguration(baseURL: server.url, apiKey: server.token)
            configuration.keySource = .sandbox
            configuration.onRetry = onRetry
            return Connection(
                client: RespanClient(configuration: configuration, rateLimiter: RateLimiter(ratePerMinute: rateLimit)),
                server: server)
        }
        var configuration = try ClientConfiguration.resolve(
            endpoint: endpoint, apiKeyFile: apiKeyFile, environment: environment)
        configuration.onRetry = onRetry
        let limiter = RateLimiter(ratePerMinute: rateLimit ?? 60)
        return Connection(client: RespanClient(configuration: configuration, rateLimiter: limiter), server: nil)
    }

    /// Who holds the runs, for keys of what is kept between commands: the base URL, or
    /// `sandbox` for the embedded one (its port changes at every start, its state does not).
    public var endpointIdentity: String {
        server == nil ? client.configuration.baseURL : "sandbox"
    }

    public func close() async {
        await server?.stop()
    }
}
