import Applying
import Lockfiles
import Manifest
import Planning
import RespanCore
import Synchronization
import TestSupport
import Testing
import Views

/// A manifest in a temporary folder with an in-memory remote: plan and apply without a server.
struct InMemoryPlanning {
    let fixture: ManifestFixture
    let remote = InMemoryRemote()

    init(_ manifest: String) throws {
        fixture = try ManifestFixture(root: manifest)
    }

    var store: LockfileStore { LockfileStore(path: fixture.path("experiments.lock")) }

    func write(_ manifest: String) throws {
        try fixture.directory.write("experiments.yaml", manifest)
    }

    func desired() throws -> DesiredState {
        let result = ManifestLoader().load(path: fixture.rootPath)
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics.sorted.map(\.message))")
        return try #require(result.desired)
    }

    func plan(_ options: PlanOptions = PlanOptions()) async throws -> PlanSession.Result {
        try await PlanSession(remote: remote, store: store).plan(try desired(), options: options)
    }

    func apply(
        _ options: PlanOptions = PlanOptions(), verb: ApplyVerb = .apply, answer: ApprovalAnswer = .approved,
        stop: StopRequest = StopRequest(), approval: Answering? = nil
    ) async throws -> ApplyOutcome {
        try await ApplyOperation(
            remote: remote, state: StateSet(defaultPath: store.path, workspace: nil), parallelism: 2, stopRequest: stop
        )
        .run(try desired(), options: options, verb: verb, approval: approval ?? Answering(answer: answer))
    }

    /// Two experiments on the seeded dataset; `model` and `name` vary the first.
    static func manifest(model: String = "gpt-4o-mini", name: String = "first", protect: Bool = false) -> String {
        """
        version: 1
        experiments:
          first:
            name: \(name)
            dataset_id: ds_support_qa_2024
            evaluator_ids: [eval_quality]
            protect: \(protect)
            workflow: [{ type: completion, config: { model: \(model) } }]
          second:
            dataset_id: ds_support_qa_2024
            evaluator_ids: [eval_quality]
            workflow: [{ type: completion, config: { model: gpt-4o } }]
        """
    }
}

/// An approval that answers as told and records what it was shown.
final class Answering: ApplyApproval {
    let answer: ApprovalAnswer
    /// The keys of the changes reported finished, in order.
    let finishedKeys = Mutex<[String]>([])
    init(answer: ApprovalAnswer) { self.answer = answer }
    func show(_ plan: Plan) async {}
    func approve(_ plan: Plan, verb: ApplyVerb) async -> ApprovalAnswer { answer }
    func finished(_ change: AppliedChange) async { finishedKeys.withLock { $0.append(change.change.key) } }
}
