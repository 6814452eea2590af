import Applying
import Foundation
import Lockfiles
import Planning
import RespanAPI
import RespanCore
import TestSupport
import Testing
import Views

/// Workspaces and content-addressed runs end to end against the sandbox.
@Suite struct WorkspaceTests {
    /// Applies `manifest` in `workspace` (nil: the default state) through the apply operation.
    @discardableResult
    static func apply(
        _ workspace: PlanningWorkspace, in name: String?, _ options: PlanOptions = PlanOptions(),
        lockfile: String? = nil
    ) async throws -> ApplyOutcome {
        let state = StateSet(defaultPath: lockfile ?? workspace.store.path, workspace: name)
        let outcome = try await ApplyOperation(remote: workspace.client, state: state)
            .run(try workspace.desired(), options: options, verb: .apply, approval: Approve())
        #expect(outcome.status == .applied, "\(outcome.diagnostics.map(\.message))")
        return outcome
    }

    /// Every remote experiment's id and full spec, to prove nothing was touched.
    static func remoteSpecs(_ workspace: PlanningWorkspace) async throws -> [String: JSONValue] {
        var specs: [String: JSONValue] = [:]
        for summary in try await workspace.client.experiments() {
            let full = try await workspace.client.experiment(summary.id)
            specs[summary.id] = [
                "workflow": full.raw["workflow"] ?? .null, "name": full.raw["name"] ?? .null,
                "dataset_id": full.raw["dataset_id"] ?? .null, "evaluator_ids": full.raw["evaluator_ids"] ?? .null,
            ]
        }
        return specs
    }

    @Test func aWorkspaceLeavesTheDefaultStateUntouched() async throws {
        try await withStarted({ try await PlanningWorkspace.start() }) { workspace in
            try workspace.write(manifest())
            try await Self.apply(workspace, in: nil)
            let defaultBytes = try workspace.lockBytes()
            let before = try await Self.remoteSpecs(workspace)
            // The pull request changes one model and one name.
            try workspace.write(manifest(model: "gpt-4o", name: "renamed"))
            let outcome = try await Self.apply(workspace, in: "pr-7")
            #expect(outcome.count(.create) == 0)
            #expect(outcome.count(.replace) == 1)
            #expect(outcome.count(.update) == 0)
            #expect(outcome.plan?.changes.first { $0.key == "main" }?.recreate == true)
            // The default lockfile and every run it records are as they were; one new run exists.
            #expect(try workspace.lockBytes() == defaultBytes)
            let after = try await Self.remoteSpecs(workspace)
            for (id, spec) in before { #expect(after[id] == spec) }
            #expect(after.count == before.count + 1)
            let pr = try StateSet(defaultPath: workspace.store.path, workspace: "pr-7").store.load()
            let main = try workspace.store.load()
            #expect(pr.entries["other"]?.id == main.entries["other"]?.id)
            #expect(pr.entries["main"]?.id != main.entries["main"]?.id)
        }
    }

    @Test func mergingAdoptsThePullRequestsRunAndCreatesNothing() async throws {
        try await withStarted({ try await PlanningWorkspace.start() }) { workspace in
            try workspace.write(manifest())
            try await Self.apply(workspace, in: nil)
            try workspace.write(manifest(model: "gpt-4o"))
            try await Self.apply(workspace, in: "pr-7")
            let count = try await workspace.remoteIDs().count
            let merged = try await Self.apply(workspace, in: nil)
            #expect(merged.count(.adopt) == 1)
            #expect(merged.count(.create) + merged.count(.replace) == 0)
            #expect(try await workspace.remoteIDs().count == count)
            let pr = try StateSet(defaultPath: workspace.store.path, workspace: "pr-7").store.load()
            #expect(try workspace.store.load().entries["main"]?.id == pr.entries["main"]?.id)
        }
    }

    @Test func pruneHistoryDeletesTheSupersededRun() async throws {
        try await withStarted({ try await PlanningWorkspace.start() }) { workspace in
            try workspace.write(manifest())
            try await Self.apply(workspace, in: nil)
            let old = try #require(try workspace.store.load().entries["main"]?.id)
            try workspace.write(manifest(model: "gpt-4o"))
            try await Self.apply(workspace, in: "pr-7")
            var options = PlanOptions()
            options.pruneHistory = true
            try await Self.apply(workspace, in: nil, options)
            #expect(try await workspace.client.experimentIfExists(old) == nil)
        }
    }

    /// A lost lockfile is rebuilt by adopting every run under its derived id; nothing reruns.
    @Test func aDeletedLockfileIsRebuiltWithoutReruns() async throws {
        try await withStarted({ try await PlanningWorkspace.start() }) { workspace in
            try workspace.write(manifest())
            try await Self.apply(workspace, in: nil)
            let bytes = try workspace.lockBytes()
            let ids = try await workspace.remoteIDs()
            try FileManager.default.removeItem(atPath: workspace.store.path)
            let rebuilt = try await Self.apply(workspace, in: nil)
            #expect(rebuilt.count(.adopt) == 2)
            #expect(rebuilt.count(.create) == 0)
            #expect(try await workspace.remoteIDs() == ids)
            #expect(try workspace.lockBytes() == bytes)
        }
    }

    /// Two CI jobs racing on one spec, each with its own lockfile, make one run.
    @Test func twoConcurrentAppliesOfOneSpecMakeOneRun() async throws {
        try await withStarted({ try await PlanningWorkspace.start() }) { workspace in
            try workspace.write(manifest())
            let first = workspace.directory.path("first.lock"), second = workspace.directory.path("second.lock")
            async let a = Self.apply(workspace, in: nil, lockfile: first)
            async let b = Self.apply(workspace, in: nil, lockfile: second)
            _ = try await (a, b)
            #expect(try await workspace.remoteIDs().count == 2)
            let one = try LockfileStore(path: first).load(), two = try LockfileStore(path: second).load()
            #expect(one.entries.mapValues(\.id) == two.entries.mapValues(\.id))
        }
    }

    @Test func theSameSpecGivesTheSameIdAnywhereAndReplaceBumpsTheGeneration() async throws {
        let body: JSONValue = ["dataset_id": "ds", "workflow": [["type": "duplicate", "config": [:]]]]
        let a = ExperimentIdentity.derive(project: "p", key: "k", body: body, generation: 0)
        #expect(a == ExperimentIdentity.derive(project: "p", key: "k", body: body, generation: 0))
        #expect(a.hasPrefix("exp_") && a.count == 36)
        #expect(a != ExperimentIdentity.derive(project: "p", key: "k", body: body, generation: 1))
        #expect(a != ExperimentIdentity.derive(project: "q", key: "k", body: body, generation: 0))
        var withID = body.objectValue ?? [:]
        withID["experiment_id"] = "ignored"
        #expect(a == ExperimentIdentity.derive(project: "p", key: "k", body: .object(withID), generation: 0))
    }

    /// An id that holds another spec is never adopted: the plan fails naming both.
    @Test func anExistingIdWithAnotherSpecIsAnError() async throws {
        try await withStarted({ try await PlanningWorkspace.start() }) { workspace in
            try workspace.write(manifest())
            try await Self.apply(workspace, in: nil)
            let id = try #require(try workspace.store.load().entries["main"]?.id)
            _ = try await workspace.client.replaceExperiment(
                id,
                [
                    "dataset_id": "ds_support_qa_2024", "evaluator_ids": ["eval_quality"],
                    "workflow": [["type": "duplicate", "config": [:]]],
                ])
            try FileManager.default.removeItem(atPath: workspace.store.path)
            let result = try await workspace.plan()
            let message = try #require(result.diagnostics.sorted.first?.message)
            #expect(message.contains("'main' would adopt \(id), which already exists on Respan with a different spec"))
            #expect(message.contains("workflow"))
        }
    }
}

struct Approve: ApplyApproval {
    func show(_ plan: Plan) async {}
    func approve(_ plan: Plan, verb: ApplyVerb) async -> ApprovalAnswer { .approved }
}
