import Applying
import Foundation
import Lockfiles
import Planning
import RespanAPI
import RespanCore
import TestSupport
import Testing
import Views

/// The plan/apply lifecycle end to end against the sandbox.
@Suite struct PlanApplyTests {
    @Test func createThenNoOpLeavesTheLockfileByteIdentical() async throws {
        try await withStarted({ try await PlanningWorkspace.start() }) { workspace in
            try workspace.write(manifest())
            let (plan, _) = try await workspace.apply()
            #expect(plan.count(.create) == 2)
            let bytes = try workspace.lockBytes()
            #expect(try await workspace.remoteIDs().count == 2)
            let (again, applied) = try await workspace.apply()
            #expect(!again.hasChanges)
            #expect(applied.isEmpty)
            #expect(again.refreshRequests == 1)
            #expect(try workspace.lockBytes() == bytes)
            #expect(PlanTextView().render(again).contains("No changes."))
        }
    }

    @Test func aRenameIsAPatchOfThatFieldOnly() async throws {
        try await withStarted({ try await PlanningWorkspace.start() }) { workspace in
            try workspace.write(manifest())
            try await workspace.apply()
            try workspace.write(manifest(name: "renamed run"))
            let (plan, _) = try await workspace.apply()
            let change = try #require(plan.actionable.first)
            #expect(plan.actionable.count == 1)
            #expect(change.action == .update)
            #expect(change.body == ["name": "renamed run"])
            let remote = try await workspace.client.experiment(try #require(change.remoteID))
            #expect(remote.name == "renamed run")
            #expect(try await workspace.plan().plan.hasChanges == false)
        }
    }

    /// Runs are immutable (design §3): a changed run field makes a new experiment by default.
    @Test func aModelChangeMakesANewExperimentByDefault() async throws {
        try await withStarted({ try await PlanningWorkspace.start() }) { workspace in
            try workspace.write(manifest())
            try await workspace.apply()
            try workspace.write(manifest(model: "gpt-4o"))
            let (plan, applied) = try await workspace.apply()
            let change = try #require(plan.actionable.first)
            #expect(change.action == .replace && change.recreate)
            #expect(change.fields.map(\.field) == ["workflow"])
            #expect(PlanTextView().render(plan).contains("-/+ main"))
            #expect(applied.allSatisfy { $0.error == nil })
            #expect(try await workspace.remoteIDs().count == 3)
            let newID = try #require(change.newID)
            #expect(newID != change.remoteID)
            #expect(try workspace.store.load().entries["main"]?.id == newID)
            #expect(try await workspace.plan().plan.hasChanges == false)
        }
    }

    /// `replace_strategy: put` on a remote whose PUT starts no run (the sandbox's default, as
    /// nothing promises it does): apply notices and makes a new experiment instead.
    @Test func aPutThatStartsNoRunIsFollowedByANewExperiment() async throws {
        try await withStarted({ try await PlanningWorkspace.start() }) { workspace in
            try workspace.write(manifest(extra: "replace_strategy: put"))
            try await workspace.apply()
            let old = try #require(try workspace.store.load().entries["main"]?.id)
            try workspace.write(manifest(model: "gpt-4o", extra: "replace_strategy: put"))
            let (plan, applied) = try await workspace.apply()
            #expect(plan.actionable.first?.recreate == false)
            let done = try #require(applied.first { $0.change.key == "main" })
            #expect(done.error == nil)
            #expect(done.warnings.first?.contains("did not start a new run on PUT") == true)
            let recorded = try #require(try workspace.store.load().entries["main"]?.id)
            #expect(recorded != old)
            #expect(try await workspace.remoteIDs().count == 3)
            #expect(try await workspace.plan().plan.hasChanges == false)
        }
    }

    /// On a remote whose PUT does rerun (`--put-reruns`), `put` keeps the experiment's id.
    @Test func aPutThatRerunsKeepsTheExperiment() async throws {
        try await withStarted({ try await PlanningWorkspace.start { $0.behaviour.putReruns = true } }) { workspace in
            try workspace.write(manifest(extra: "replace_strategy: put"))
            try await workspace.apply()
            let old = try #require(try workspace.store.load().entries["main"]?.id)
            try workspace.write(manifest(model: "gpt-4o", extra: "replace_strategy: put"))
            let (_, applied) = try await workspace.apply()
            #expect(applied.first { $0.change.key == "main" }?.warnings == [])
            #expect(try workspace.store.load().entries["main"]?.id == old)
            #expect(try await workspace.remoteIDs().count == 2)
            let remote = try await workspace.client.experiment(old)
            #expect(remote.workflow?.arrayValue?.first?["config"]?["model"] == "gpt-4o")
        }
    }

    @Test func recreateKeepsTheOldExperiment() async throws {
        try await withStarted({ try await PlanningWorkspace.start() }) { workspace in
            try workspace.write(manifest(extra: "replace_strategy: recreate"))
            try await workspace.apply()
            let before = try await workspace.remoteIDs()
            try workspace.write(manifest(model: "gpt-4o", extra: "replace_strategy: recreate"))
            let (plan, _) = try await workspace.apply()
            #expect(plan.actionable.first?.recreate == true)
            let after = try await workspace.remoteIDs()
            #expect(after.count == 3)
            #expect(Set(before).isSubset(of: Set(after)))
            #expect(try await workspace.plan().plan.hasChanges == false)
        }
    }

    @Test func removedEntriesAreDeletedOnlyWithPrune() async throws {
        try await withStarted({ try await PlanningWorkspace.start() }) { workspace in
            try workspace.write(manifest())
            try await workspace.apply()
            try workspace.write(manifest().replacingOccurrences(of: "  other:\n", with: "  x-other:\n"))
            let kept = try await workspace.plan()
            #expect(kept.plan.orphaned == ["other"])
            #expect(!kept.plan.hasChanges)
            var prune = PlanOptions()
            prune.prune = true
            let (plan, _) = try await workspace.apply(prune)
            #expect(plan.count(.delete) == 1)
            #expect(try await workspace.remoteIDs().count == 1)
            #expect(try workspace.store.load().entries.keys.sorted() == ["main"])
        }
    }

    @Test func driftIsReportedAndPlannedBack() async throws {
        try await withStarted({ try await PlanningWorkspace.start() }) { workspace in
            try workspace.write(manifest())
            try await workspace.apply()
            let id = try #require(try workspace.store.load().entries["main"]?.id)
            _ = try await workspace.client.updateExperiment(id, ["name": "edited in the UI"])
            let plan = try await workspace.plan().plan
            let change = try #require(plan.actionable.first)
            #expect(change.action == .update)
            #expect(change.drift.map(\.field) == ["name"])
            #expect(change.fields.first?.before == "edited in the UI")
            #expect(PlanTextView().render(plan).contains("edited outside respan-plan: name"))
        }
    }

    @Test func aRemoteDeleteIsPlannedAsACreate() async throws {
        try await withStarted({ try await PlanningWorkspace.start() }) { workspace in
            try workspace.write(manifest())
            try await workspace.apply()
            let id = try #require(try workspace.store.load().entries["main"]?.id)
            try await workspace.client.deleteExperiment(id)
            let (plan, _) = try await workspace.apply()
            let change = try #require(plan.actionable.first)
            #expect(change.action == .create)
            #expect(change.reason == "deleted outside respan-plan")
            #expect(try await workspace.remoteIDs().count == 2)
        }
    }

    @Test func movedRenamesTheKeyWithoutTouchingTheRemote() async throws {
        try await withStarted({ try await PlanningWorkspace.start() }) { workspace in
            try workspace.write(manifest())
            try await workspace.apply()
            let id = try workspace.store.load().entries["other"]?.id
            let renamed =
                manifest().replacingOccurrences(of: "  other:\n", with: "  baseline:\n")
                + "moved:\n  - { from: other, to: baseline }\n"
            try workspace.write(renamed)
            let (plan, applied) = try await workspace.apply()
            #expect(plan.moves.map(\.to) == ["baseline"])
            // The default name follows the key, so the kept experiment is only renamed.
            #expect(applied.map(\.change.action) == [.update])
            #expect(applied.first?.change.body == ["name": "demo/baseline"])
            #expect(try workspace.store.load().entries["baseline"]?.id == id)
            #expect(try workspace.store.load().entries["other"] == nil)
            #expect(try await workspace.remoteIDs().count == 2)
        }
    }

    @Test func protectBlocksReplaceUnlessAllowed() async throws {
        try await withStarted({ try await PlanningWorkspace.start() }) { workspace in
            // A PUT in place would overwrite the protected run; a recreate keeps it and is not blocked.
            try workspace.write(manifest(extra: "protect: true\nreplace_strategy: put"))
            try await workspace.apply()
            try workspace.write(manifest(model: "gpt-4o", extra: "protect: true"))
            #expect(try await workspace.plan().diagnostics.hasErrors == false)
            try workspace.write(manifest(model: "gpt-4o", extra: "protect: true\nreplace_strategy: put"))
            let blocked = try await workspace.plan()
            #expect(blocked.diagnostics.sorted.first?.message.contains("is protected") == true)
            var allow = PlanOptions()
            allow.allowDestroy = true
            let (plan, _) = try await workspace.apply(allow)
            #expect(plan.count(.replace) == 1)
            var destroy = PlanOptions()
            destroy.destroy = true
            let refused = try await workspace.plan(destroy)
            #expect(refused.diagnostics.sorted.first?.message.contains("would be deleted") == true)
            #expect(refused.plan.actionable.map(\.key) == ["other"])
        }
    }

    @Test func targetsAndForcedReplacement() async throws {
        try await withStarted({ try await PlanningWorkspace.start() }) { workspace in
            try workspace.write(manifest())
            var only = PlanOptions()
            only.targets = [KeyPattern("ma*")]
            let (plan, _) = try await workspace.apply(only)
            #expect(plan.actionable.map(\.key) == ["main"])
            var force = PlanOptions()
            force.forceReplace = [KeyPattern("main")]
            force.excludes = [KeyPattern("other")]
            let forced = try await workspace.plan(force).plan
            #expect(forced.actionable.map(\.action) == [.replace])
            #expect(forced.actionable.first?.reason == "forced by --replace")
        }
    }

    @Test func faultsConvergeWithoutDuplicates() async throws {
        try await withStarted({
            try await PlanningWorkspace.start {
                $0.errorRate = 0.2
                $0.rateLimitPerMinute = 600  // a burst of 10, then 429s with retry_after
                $0.dropAfterCommit = 0.5
                $0.seed = 11
            }
        }) { workspace in
            let many = (0..<20).map {
                "  e\($0): { dataset: qa, evaluators: [quality], workflow: [{ type: duplicate }] }"
            }
            try workspace.write(
                """
                version: 1
                datasets: { qa: { id: ds_support_qa_2024 } }
                evaluators: { quality: { id: eval_quality } }
                experiments:
                \(many.joined(separator: "\n"))
                """)
            try await workspace.apply()
            let ids = try await workspace.remoteIDs()
            #expect(ids.count == 20)
            #expect(try workspace.store.load().entries.values.allSatisfy { $0.state == .created })
            #expect(try await workspace.plan().plan.hasChanges == false)
        }
    }
}
