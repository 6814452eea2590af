import Sandbox

/// Something a test starts and must stop: a sandbox, a workspace with its sandbox.
public protocol Stoppable: Sendable {
    func stop() async
}

extension SandboxHarness: Stoppable {}

/// Starts a resource, runs `body` with it, and stops it before returning, also when `body`
/// throws: a test never leaves a server running behind it, and the stop is awaited.
public func withStarted<Resource: Stoppable, Result>(
    _ start: () async throws -> Resource, _ body: (Resource) async throws -> Result
) async throws -> Result {
    let resource = try await start()
    do {
        let result = try await body(resource)
        await resource.stop()
        return result
    } catch {
        await resource.stop()
        throw error
    }
}
extension SandboxServer: Stoppable {}
