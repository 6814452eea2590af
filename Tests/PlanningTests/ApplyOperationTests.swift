import Applying
import Lockfiles
import Manifest
import Planning
import RespanAPI
import RespanCore
import Synchronization
import TestSupport
import Testing
import Views

/// The apply operation over an in-memory remote: order, approval, failures, interruption.
@Suite struct ApplyOperationTests {
    /// Each change is reported as it finishes, for progress on long applies.
    @Test func everyFinishedChangeIsReported() async throws {
        let setup = try InMemoryPlanning(InMemoryPlanning.manifest())
        let approval = Answering(answer: .approved)
        _ = try await setup.apply(approval: approval)
        #expect(approval.finishedKeys.withLock { $0 }.sorted() == ["first", "second"])
    }

    @Test func appliesThenFindsNothingToDo() async throws {
        let setup = try InMemoryPlanning(InMemoryPlanning.manifest())
        let first = try await setup.apply()
        #expect(first.status == .applied)
        #expect(first.count(.create) == 2)
        let second = try await setup.apply()
        #expect(second.status == .applied)
        #expect(second.applied.isEmpty)
        #expect(ApplyOutcomeTextView().render(second) == "")
    }

    /// The reference check runs before the question: a missing dataset is never asked about.
    @Test func aMissingReferenceStopsBeforeApproval() async throws {
        let setup = try InMemoryPlanning(InMemoryPlanning.manifest())
        setup.remote.with { $0.evaluators = [] }
        let outcome = try await setup.apply(answer: .unavailable)
        #expect(outcome.status == .notPlanned)
        #expect(outcome.diagnostics.first?.message == "first: evaluator 'eval_quality' does not exist on Respan")
        #expect(!setup.remote.calls.contains { $0.hasPrefix("POST") })
    }

    @Test func aDeclinedOrUnaskablePlanChangesNothing() async throws {
        let setup = try InMemoryPlanning(InMemoryPlanning.manifest())
        #expect(try await setup.apply(answer: .declined).status == .declined)
        #expect(try await setup.apply(answer: .unavailable).status == .approvalUnavailable)
        #expect(!setup.remote.calls.contains { $0.hasPrefix("POST") })
        #expect(try setup.store.load().entries.isEmpty)
    }

    /// Another work tree made the chosen id with another spec between plan and apply: the
    /// create finds it held, changes nothing, and the failure names both specs (never a fake
    /// HTTP status).
    @Test func anIdHeldByAnotherSpecAtApplyIsAConflictNamingBoth() async throws {
        let setup = try InMemoryPlanning(InMemoryPlanning.manifest())
        var options = PlanOptions()
        options.refresh = false
        let id = try #require(try await setup.plan(options).plan.actionable.first { $0.key == "first" }?.newID)
        setup.remote.with {
            $0.experiments[id] = [
                "id": .string(id), "workflow": [["type": "completion", "config": ["model": "other"]]],
            ]
        }
        let outcome = try await setup.apply(options)
        let failure = try #require(outcome.failures.first { $0.change.key == "first" }?.error)
        guard case .idHeldByAnotherSpec(let held, let differences) = failure else {
            Issue.record("expected a conflict, got \(failure)")
            return
        }
        #expect(held == id)
        #expect(differences.first?.contains(#"Respan holds [{"config":{"model":"other"}"#) == true)
        #expect(differences.first?.contains("the manifest says") == true)
        #expect(try setup.store.load().entries["first"]?.state == .pendingCreate)
    }

    /// A create that may have failed keeps its id only while the spec is the one it was sent
    /// with: under a changed spec, that id would end up holding the new spec, and coming back
    /// to the old spec later would make a second run of it (the kill test found this).
    @Test func aPendingCreateOfAnEarlierSpecDoesNotLendItsId() async throws {
        let setup = try InMemoryPlanning(InMemoryPlanning.manifest())
        let pending = try #require(try await setup.plan().plan.actionable.first { $0.key == "first" }?.newID)
        setup.remote.with { $0.failures[pending] = .transport("connection reset") }
        _ = try await setup.apply()
        #expect(try setup.store.load().entries["first"]?.state == .pendingCreate)
        setup.remote.with { $0.failures = [:] }
        try setup.write(InMemoryPlanning.manifest(model: "gpt-4o"))
        let change = try #require(try await setup.plan().plan.actionable.first { $0.key == "first" })
        #expect(change.action == .create)
        #expect(change.newID != pending)
        try setup.write(InMemoryPlanning.manifest())
        let back = try #require(try await setup.plan().plan.actionable.first { $0.key == "first" })
        #expect(back.newID == pending)
    }

    /// One failure does not stop the others; a 422 naming a field points at that field.
    @Test func aFailedChangeIsReportedAtTheFieldItNames() async throws {
        let setup = try InMemoryPlanning(InMemoryPlanning.manifest())
        _ = try await setup.apply()
        try setup.write(InMemoryPlanning.manifest(model: "gpt-4o"))
        // The changed run is a new experiment: the failure answers the create of its id.
        let id = try #require(try await setup.plan().plan.actionable.first?.newID)
        let failure = RespanAPIError.http(
            .init(status: 422, detail: "Invalid.", fieldErrors: ["workflow": ["bad model"]]))
        setup.remote.with { $0.failures[id] = failure }
        let outcome = try await setup.apply()
        #expect(outcome.status == .changesFailed)
        let diagnostic = try #require(outcome.diagnostics.first)
        #expect(diagnostic.message.contains("first: replace failed: HTTP 422"))
        #expect(diagnostic.location?.line == 8)
        #expect(diagnostic.notes.first?.location?.line == 3)
    }

    @Test func aStoppedApplyStartsNothingAndSaysSo() async throws {
        let setup = try InMemoryPlanning(InMemoryPlanning.manifest())
        let stop = StopRequest()
        stop.stop()
        let outcome = try await setup.apply(stop: stop)
        #expect(outcome.status == .interrupted)
        #expect(outcome.notStarted == 2)
        #expect(ApplyOutcomeTextView().notice(outcome).contains("0 changes finished"))
    }

    @Test func destroyDeletesWhatTheLockfileManages() async throws {
        let setup = try InMemoryPlanning(InMemoryPlanning.manifest())
        _ = try await setup.apply()
        let outcome = try await setup.apply(verb: .destroy)
        #expect(outcome.count(.delete) == 0)
        var options = PlanOptions()
        options.destroy = true
        let destroyed = try await setup.apply(options, verb: .destroy)
        #expect(destroyed.count(.delete) == 2)
        #expect(
            ApplyOutcomeTextView().render(destroyed).contains(
                "Destroy complete: 2 deleted."))
        #expect(try setup.store.load().entries.isEmpty)
    }
}
