import Hummingbird
import NIOCore
import RespanCore
import ServiceLifecycle

/// The per-request context, keeping the connection so a write can be "dropped after commit".
struct SandboxRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}

/// What every request passes before its route: the injected latency, bearer-token auth, the
/// rate limit and injected 5xx; and an unknown route answered in Respan's error shape.
struct SandboxGate: RouterMiddleware {
    typealias Context = SandboxRequestContext

    let faults: FaultInjector
    let configuration: SandboxConfiguration
    let stopwatch: Stopwatch

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        if configuration.latency > .zero {
            // A stopping sandbox answers at once: its graceful shutdown waits for every request.
            let (stopwatch, latency) = (stopwatch, configuration.latency)
            try? await cancelWhenGracefulShutdown { try await stopwatch.sleep(for: latency) }
        }
        configuration.requestLog?.record(request.method.rawValue, request.uri.path)
        do throws(APIError) {
            try authenticate(request)
            if let limited = await faults.rateLimitError() { throw limited }
            if let failure = await faults.injectedServerError() { throw failure }
        } catch {
            return SandboxResponse.error(error).encoded
        }
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            return SandboxResponse.error(.notFound("Route '\(request.uri.path)'")).encoded
        }
    }

    private func authenticate(_ request: Request) throws(APIError) {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else {
            throw APIError(status: 401, detail: "Authentication credentials were not provided.")
        }
        guard header.dropFirst("Bearer ".count) == configuration.token else {
            throw APIError(status: 401, detail: "Invalid API key.")
        }
    }
}
