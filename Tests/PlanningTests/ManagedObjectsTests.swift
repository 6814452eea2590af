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

/// Datasets and evaluators as code, end to end against an in-process sandbox:
/// applied from scratch, and a changed row or rubric reruns exactly the experiments it affects.
@Suite struct ManagedObjectsTests {
    static let rubric = "1 is rude, 5 is warm and professional."

    static func manifest(rubric: String = rubric) -> String {
        """
        version: 1
        project: managed
        datasets:
          qa: { file: data/qa.jsonl }
          support: { id: ds_support_qa_2024 }
        evaluators:
          tone:
            type: llm
            score_value_type: numerical
            llm_config: { model: gpt-4o-mini, evaluator_definition: "Rate the tone of {{output}}.", scoring_rubric: "\(rubric)" }
            score_config: { min_score: 1, max_score: 5 }
          exact: { type: code, score_value_type: boolean, code_file: evals/exact.py }
          quality: { id: eval_quality }
        experiments:
          qa-tone: { dataset: qa, evaluators: [tone], workflow: [{ type: completion, config: { model: gpt-4o-mini } }] }
          qa-exact: { dataset: qa, evaluators: [exact], workflow: [{ type: completion, config: { model: gpt-4o-mini } }] }
          support-tone: { dataset: support, evaluators: [tone], workflow: [{ type: completion, config: { model: gpt-4o } }] }
          support-quality: { dataset: support, evaluators: [quality], workflow: [{ type: completion, config: { model: gpt-4o } }] }
        """
    }

    static func rows(_ count: Int, changed: Int? = nil) -> String {
        (1...count).map { index in
            let answer = index == changed ? "a different answer \(index)" : "answer \(index)"
            return
                #"{"input": {"question": "question \#(index)"}, "expected_output": "\#(answer)", "metadata": {"n": \#(index)}}"#
        }.joined(separator: "\n") + "\n"
    }

    static func workspace() async throws -> PlanningWorkspace {
        let workspace = try await PlanningWorkspace.start()
        try workspace.write(manifest())
        try workspace.directory.write("data/qa.jsonl", rows(5))
        try workspace.directory.write("evals/exact.py", "def main(eval_inputs):\n    return True\n")
        return workspace
    }

    static func applyAll(_ workspace: PlanningWorkspace) async throws -> ApplyOutcome {
        try await ApplyOperation(
            remote: workspace.client, state: StateSet(defaultPath: workspace.store.path, workspace: nil)
        )
        .run(try workspace.desired(), options: PlanOptions(), verb: .apply, approval: Approve())
    }

    /// The experiments a plan starts a run for.
    static func reruns(_ plan: Plan) -> [String] {
        plan.changes.filter { [.create, .replace].contains($0.action) }.map(\.key).sorted()
    }

    @Test func aManifestWhoseDatasetAndEvaluatorAreCodeAppliesFromScratch() async throws {
        try await withStarted({ try await Self.workspace() }) { workspace in
            let outcome = try await Self.applyAll(workspace)
            #expect(outcome.status == .applied, "\(outcome.diagnostics.map(\.message))")
            #expect(outcome.count(.create) == 4)
            let lockfile = try workspace.store.load()
            let dataset = try #require(lockfile.datasets["qa"])
            #expect(dataset.state == .complete && dataset.rows == 5)
            #expect(try await workspace.client.datasetRecord(dataset.id).logCount == 5)
            let logs = try await workspace.client.datasetLogs(dataset.id).results
            #expect(logs.first?["input"] == ["question": "question 1"])
            let tone = try #require(lockfile.evaluators["tone"])
            // Version 0 is the first draft (respan-api.md §9); committing it froze version 0.
            #expect(tone.version == 0)
            let remote = try await workspace.client.experiment(try #require(lockfile.entries["qa-tone"]).id)
            #expect(remote.raw["dataset_id"]?.stringValue == dataset.id)
            #expect(remote.raw["evaluator_ids"] == [.string(tone.id)])
            // The code evaluator's file became its snippet.
            let exact = try await workspace.client.evaluatorRecord(try #require(lockfile.evaluators["exact"]).id)
            #expect(exact.raw["code_config"]?["eval_code_snippet"]?.stringValue?.contains("def main") == true)
            let again = try await workspace.plan()
            #expect(!again.plan.hasChanges)
        }
    }

    @Test func addingARowRerunsExactlyTheExperimentsOnThatDataset() async throws {
        try await withStarted({ try await Self.workspace() }) { workspace in
            _ = try await Self.applyAll(workspace)
            let before = try workspace.store.load()
            try workspace.directory.write("data/qa.jsonl", Self.rows(6, changed: 2))
            let planned = try await workspace.plan()
            #expect(Self.reruns(planned.plan) == ["qa-exact", "qa-tone"])
            let reason = try #require(planned.plan.changes.first { $0.key == "qa-tone" }?.reason)
            #expect(reason == "dataset qa changed: 1 row added, 1 changed")
            #expect(planned.plan.managed.actionableDatasets.map(\.name) == ["qa"])
            #expect(planned.plan.managed.actionableEvaluators.isEmpty)
            let outcome = try await Self.applyAll(workspace)
            #expect(outcome.status == .applied, "\(outcome.diagnostics.map(\.message))")
            let after = try workspace.store.load()
            let dataset = try #require(after.datasets["qa"])
            #expect(dataset.rows == 6 && dataset.id != before.datasets["qa"]?.id)
            #expect(dataset.previous == [before.datasets["qa"]?.id].compactMap { $0 })
            #expect(after.entries["support-tone"] == before.entries["support-tone"])
            let run = try await workspace.client.experiment(try #require(after.entries["qa-tone"]).id)
            #expect(run.raw["dataset_id"]?.stringValue == dataset.id)
            #expect(!(try await workspace.plan()).plan.hasChanges)
        }
    }

    @Test func editingARubricRerunsExactlyTheExperimentsScoredByThatEvaluator() async throws {
        try await withStarted({ try await Self.workspace() }) { workspace in
            _ = try await Self.applyAll(workspace)
            let before = try workspace.store.load()
            try workspace.write(Self.manifest(rubric: "1 is curt, 5 is warm, precise and professional."))
            let planned = try await workspace.plan()
            #expect(Self.reruns(planned.plan) == ["qa-tone", "support-tone"])
            let change = try #require(planned.plan.changes.first { $0.key == "support-tone" })
            #expect(change.reason == "evaluator tone changed (llm_config)")
            // The body is the same, so a PUT would not rerun: the run is made anew.
            #expect(change.recreate)
            #expect(planned.plan.managed.actionableEvaluators.map(\.action) == [.update])
            let outcome = try await Self.applyAll(workspace)
            #expect(outcome.status == .applied, "\(outcome.diagnostics.map(\.message))")
            let after = try workspace.store.load()
            #expect(after.evaluators["tone"]?.id == before.evaluators["tone"]?.id)
            #expect(after.evaluators["tone"]?.version == 1)
            #expect(after.entries["support-tone"]?.id != before.entries["support-tone"]?.id)
            #expect(after.entries["qa-exact"] == before.entries["qa-exact"])
            #expect(after.entries["support-quality"] == before.entries["support-quality"])
            let versions = try await workspace.client.evaluatorVersions(try #require(after.evaluators["tone"]).id)
            #expect(versions.filter { $0.isReadOnly == true }.count == 2)
            #expect(!(try await workspace.plan()).plan.hasChanges)
        }
    }

    /// A workspace that edits a rubric makes its own evaluator and leaves the shared one (and
    /// so the default state's runs) alone; after the merge the default state adopts that
    /// evaluator and the workspace's runs: nothing runs twice.
    @Test func aWorkspaceEditsItsOwnEvaluatorAndTheMergeAdoptsItsRuns() async throws {
        try await withStarted({ try await Self.workspace() }) { workspace in
            _ = try await Self.applyAll(workspace)
            let main = try workspace.store.load()
            try workspace.write(Self.manifest(rubric: "1 is curt, 5 is warm."))
            let state = StateSet(defaultPath: workspace.store.path, workspace: "pr-7")
            let pr = try await ApplyOperation(remote: workspace.client, state: state)
                .run(try workspace.desired(), options: PlanOptions(), verb: .apply, approval: Approve())
            #expect(pr.status == .applied, "\(pr.diagnostics.map(\.message))")
            let prLock = try state.store.load()
            let shared = try #require(main.evaluators["tone"])
            #expect(prLock.evaluators["tone"]?.id != shared.id)
            #expect(try await workspace.client.evaluatorVersions(shared.id).filter { $0.isReadOnly == true }.count == 1)
            let merged = try await workspace.plan()
            #expect(merged.plan.managed.evaluators.first { $0.name == "tone" }?.action == .adopt)
            #expect(Self.reruns(merged.plan).isEmpty)
            #expect(Set(merged.plan.changes.filter { $0.action == .adopt }.map(\.key)) == ["qa-tone", "support-tone"])
            _ = try await Self.applyAll(workspace)
            #expect(try workspace.store.load().entries["qa-tone"]?.id == prLock.entries["qa-tone"]?.id)
        }
    }

    /// An earlier version of a dataset is kept while a lockfile references it, and deleted
    /// only by `--prune`.
    @Test func anEarlierDatasetIsDeletedOnlyByPrune() async throws {
        try await withStarted({ try await Self.workspace() }) { workspace in
            _ = try await Self.applyAll(workspace)
            let first = try #require(try workspace.store.load().datasets["qa"]).id
            try workspace.directory.write("data/qa.jsonl", Self.rows(6))
            _ = try await Self.applyAll(workspace)
            #expect(try workspace.store.load().datasets["qa"]?.previous == [first])
            #expect(!(try await workspace.plan()).plan.hasChanges)
            var options = PlanOptions()
            options.prune = true
            let pruning = try await workspace.plan(options)
            #expect(pruning.plan.managed.actionableDatasets.map(\.action) == [.delete])
            let outcome = try await ApplyOperation(
                remote: workspace.client, state: StateSet(defaultPath: workspace.store.path, workspace: nil)
            )
            .run(try workspace.desired(), options: options, verb: .apply, approval: Approve())
            #expect(outcome.status == .applied, "\(outcome.diagnostics.map(\.message))")
            #expect(try workspace.store.load().datasets["qa"]?.previous == [])
            await #expect(throws: RespanAPIError.self) { _ = try await workspace.client.datasetRecord(first) }
        }
    }

    /// A lost lockfile finds the complete dataset by its name and the evaluator by its slug:
    /// nothing is uploaded or run again.
    @Test func aLostLockfileAdoptsTheManagedObjectsAndTheRuns() async throws {
        try await withStarted({ try await Self.workspace() }) { workspace in
            _ = try await Self.applyAll(workspace)
            let before = try workspace.store.load()
            try FileManager.default.removeItem(atPath: workspace.store.path)
            let planned = try await workspace.plan()
            #expect(planned.plan.managed.datasets.map(\.action) == [.adopt])
            #expect(Set(planned.plan.managed.evaluators.map(\.action)) == [.adopt])
            #expect(Self.reruns(planned.plan).isEmpty)
            let outcome = try await Self.applyAll(workspace)
            #expect(outcome.status == .applied)
            let after = try workspace.store.load()
            #expect(after.entries.mapValues(\.id) == before.entries.mapValues(\.id))
            #expect(after.datasets["qa"]?.id == before.datasets["qa"]?.id)
        }
    }

    /// Every row goes in exactly once, whatever the bulk route does: rows it refuses one by one
    /// (`--bulk-error-rate`) are sent again, and a batch whose answer is lost after Respan took it
    /// (`dropAfterCommit`) is not sent twice (the client's retry looks at the row count first).
    /// Arguments: (bulk error rate, drop-after-commit rate, seed).
    @Test(arguments: [(0.3, 0.0, 7), (0.0, 0.3, 11)] as [(Double, Double, UInt64)])
    func everyRowGoesInOnce(_ faults: (Double, Double, UInt64)) async throws {
        try await withStarted({
            try await PlanningWorkspace.start {
                ($0.bulkErrorRate, $0.dropAfterCommit, $0.seed) = faults
            }
        }) { workspace in
            try workspace.write(Self.manifest())
            try workspace.directory.write("data/qa.jsonl", Self.rows(1200))
            try workspace.directory.write("evals/exact.py", "def main(eval_inputs):\n    return True\n")
            let outcome = try await Self.applyAll(workspace)
            #expect(outcome.status == .applied, "\(outcome.diagnostics.map(\.message))")
            let dataset = try #require(try workspace.store.load().datasets["qa"])
            #expect(try await workspace.client.datasetRecord(dataset.id).logCount == 1200)
        }
    }
}
