import HTTPTypes
import Hummingbird
import RespanCore

/// A route's work: a parsed request in, Respan's answer (or error) out.
typealias SandboxHandler = @Sendable (SandboxRequest) async throws(APIError) -> SandboxResponse

/// The sandbox's routes on Hummingbird's `Router` (which treats `/x` and `/x/` alike), behind
/// the `SandboxGate`, over a `SandboxRepository`.
struct SandboxRouter {
    let router = Router(context: SandboxRequestContext.self)
    let faults: FaultInjector
    let configuration: SandboxConfiguration

    /// Every route of the sandbox, gated by auth and the configured faults.
    static func build(
        repository: any SandboxRepository, faults: FaultInjector, configuration: SandboxConfiguration,
        stopwatch: Stopwatch
    ) -> Router<SandboxRequestContext> {
        let routes = SandboxRouter(faults: faults, configuration: configuration)
        routes.router.add(middleware: SandboxGate(faults: faults, configuration: configuration, stopwatch: stopwatch))
        ExperimentRoutes(repository: repository).register(on: routes)
        TraceRoutes(repository: repository).register(on: routes)
        CatalogRoutes(repository: repository, faults: faults).register(on: routes)
        PromptRoutes(repository: repository).register(on: routes)
        return routes.router
    }

    static let methods: [HTTPRequest.Method] = [.get, .post, .put, .patch, .delete]

    /// Serves `handlers` at `path`; any other method there is a 405, as Django REST answers.
    func at(_ path: String, _ handlers: [HTTPRequest.Method: SandboxHandler]) {
        let faults = faults
        let host = "\(configuration.host):\(configuration.port)"
        for method in Self.methods {
            let handler = handlers[method] ?? Self.methodNotAllowed
            router.on(RouterPath(path), method: method) { request, context in
                await Self.respond(request, context, host: host, faults: faults, handler)
            }
        }
    }

    /// Parses the request, runs the route, and for a committed write may drop the connection.
    private static func respond(
        _ request: Request, _ context: SandboxRequestContext, host: String, faults: FaultInjector,
        _ handler: SandboxHandler
    ) async -> Response {
        let response: SandboxResponse
        do throws(APIError) {
            let parsed = try await SandboxRequest(request, context: context, host: host)
            response = try await handler(parsed)
        } catch {
            return SandboxResponse.error(error).encoded
        }
        if response.committed, await faults.shouldDropAfterCommit() {
            // The write is stored; the client never hears so. Idempotent clients must cope.
            try? await context.channel.close()
            return Response(status: .ok)
        }
        return response.encoded
    }

    private static let methodNotAllowed: SandboxHandler = { request throws(APIError) in
        throw APIError(status: 405, detail: "Method \"\(request.method)\" not allowed.")
    }
}
