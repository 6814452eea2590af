import Applying
import Foundation
import Lockfiles
import Manifest
import Planning
import RespanAPI
import RespanCore
import Sandbox
import TestSupport
import Testing
import Views

/// A manifest in a temporary folder, a sandbox, and plan/apply through the library.
struct PlanningWorkspace {
    let directory: TemporaryDirectory
    let sandbox: SandboxHarness
    let client: RespanClient

    static func start(_ configure: (inout SandboxConfiguration) -> Void = { _ in }) async throws -> PlanningWorkspace {
        let sandbox = try await SandboxHarness.start {
            $0.runSeconds = 0
            configure(&$0)
        }
        return PlanningWorkspace(
            directory: try TemporaryDirectory(), sandbox: sandbox,
            client: try sandbox.client(
                retryPolicy: RetryPolicy(maxAttempts: 20, baseDelay: .milliseconds(1), maxDelay: .milliseconds(5))))
    }

    var manifestPath: String { directory.path("experiments.yaml") }
    var store: LockfileStore { LockfileStore(path: directory.path("experiments.lock")) }

    func write(_ manifest: String) throws {
        try directory.write("experiments.yaml", manifest)
    }

    func desired() throws -> DesiredState {
        let result = ManifestLoader().load(path: manifestPath)
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics.sorted.map(\.message))")
        return try #require(result.desired)
    }

    func plan(_ options: PlanOptions = PlanOptions()) async throws -> PlanSession.Result {
        try await PlanSession(remote: client, store: store).plan(try desired(), options: options)
    }

    @discardableResult
    func apply(_ options: PlanOptions = PlanOptions()) async throws -> (Plan, [AppliedChange]) {
        let result = try await plan(options)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.sorted.map(\.message))")
        let applied = try await Applier(remote: client).apply(result.plan, lockfile: result.lockfile, store: store)
        #expect(applied.allSatisfy { $0.error == nil }, "\(applied.compactMap(\.error))")
        return (result.plan, applied)
    }

    func lockBytes() throws -> String {
        try String(contentsOfFile: store.path, encoding: .utf8)
    }

    func remoteIDs() async throws -> [String] {
        try await client.experiments().map(\.id).sorted()
    }

    func stop() async {
        await sandbox.stop()
        directory.remove()
    }
}

func manifest(
    model: String = "gpt-4o-mini", name: String = "quality run", extra: String = "", more: String = ""
) -> String {
    """
    version: 1
    project: demo
    datasets: { qa: { id: ds_support_qa_2024 } }
    evaluators: { quality: { id: eval_quality } }
    experiments:
      main:
        name: \(name)
        dataset: qa
        evaluators: [quality]
        workflow: [{ type: completion, config: { model: \(model) } }]
    \(extra.isEmpty ? "" : extra.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
      other:
        dataset: qa
        evaluators: [quality]
        workflow: [{ type: duplicate }]
    \(more)
    """
}
extension PlanningWorkspace: Stoppable {}
