import Applying
import Lockfiles
import Manifest
import Planning
import RespanAPI
import RespanCore
import TestSupport
import Testing
import Views

/// The pure diff, through `PlanSession` over an in-memory remote.
@Suite struct PlannerTests {
    @Test func anEmptyLockfilePlansCreatesAndVerifiesTheConnectionAndReferences() async throws {
        let setup = try InMemoryPlanning(InMemoryPlanning.manifest())
        let result = try await setup.plan()
        #expect(result.plan.count(.create) == 2)
        #expect(result.diagnostics.isEmpty)
        // With no lockfile, one list by name finds runs a lost lockfile no longer names.
        #expect(
            setup.remote.calls == [
                "LIST", "LIST names", "CHECK dataset 'ds_support_qa_2024'", "CHECK evaluator 'eval_quality'",
            ])
    }

    @Test func aMissingReferenceIsAnErrorAtTheExperiment() async throws {
        let setup = try InMemoryPlanning(InMemoryPlanning.manifest())
        setup.remote.with { $0.datasets = [] }
        let result = try await setup.plan()
        let messages = result.diagnostics.sorted.map(\.message)
        #expect(messages == ["first: dataset 'ds_support_qa_2024' does not exist on Respan"])
        #expect(result.diagnostics.sorted.first?.location?.line == 3)
    }

    @Test func refreshFalseSendsNothing() async throws {
        let setup = try InMemoryPlanning(InMemoryPlanning.manifest())
        _ = try await setup.apply()
        setup.remote.with { $0.calls = [] }
        var options = PlanOptions()
        options.refresh = false
        let result = try await setup.plan(options)
        #expect(!result.plan.hasChanges)
        #expect(setup.remote.calls.isEmpty)
    }

    @Test func aModelChangeIsAReplaceAndANameChangeAnUpdate() async throws {
        let setup = try InMemoryPlanning(InMemoryPlanning.manifest())
        _ = try await setup.apply()
        try setup.write(InMemoryPlanning.manifest(model: "gpt-4o", name: "renamed"))
        let change = try #require(try await setup.plan().plan.actionable.first)
        #expect(change.action == .replace)
        #expect(change.fields.map(\.field) == ["name", "workflow"])
        try setup.write(InMemoryPlanning.manifest(name: "renamed"))
        let update = try #require(try await setup.plan().plan.actionable.first)
        #expect(update.action == .update)
        #expect(update.body == ["name": "renamed"])
    }

    @Test func aPatternThatMatchesNothingIsAnErrorWithASuggestion() async throws {
        let setup = try InMemoryPlanning(InMemoryPlanning.manifest())
        var options = PlanOptions()
        options.targets = [KeyPattern("frist")]
        options.excludes = [KeyPattern("second")]
        let result = try await setup.plan(options)
        #expect(
            result.diagnostics.sorted.map(\.message) == [
                "--target 'frist' matches no experiment key; did you mean 'first'?"
            ])
    }

    /// Removing a protected experiment from the manifest keeps it protected against --prune.
    @Test func protectionRecordedInTheLockfileBlocksPrune() async throws {
        let setup = try InMemoryPlanning(InMemoryPlanning.manifest(protect: true))
        _ = try await setup.apply()
        #expect(try setup.store.load().entries["first"]?.protect == true)
        try setup.write(
            InMemoryPlanning.manifest().replacingOccurrences(of: "  first:", with: "  x-first:"))
        var options = PlanOptions()
        options.prune = true
        let blocked = try await setup.plan(options)
        #expect(blocked.diagnostics.sorted.first?.message.contains("protected (recorded in the lockfile") == true)
        #expect(!blocked.plan.actionable.contains { $0.action == .delete })
        options.allowDestroy = true
        #expect(try await setup.plan(options).plan.count(.delete) == 1)
    }
}
