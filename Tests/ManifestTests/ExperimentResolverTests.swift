import Manifest
import RespanCore
import TestSupport
import Testing

/// Defaults: an experiment's own value for a field, in any spelling, replaces the default;
/// only `gates` merge.
@Suite struct ExperimentResolverTests {
    static let defaults = """
        defaults:
          dataset: qa
          evaluators: [quality]
          gates: { quality: { min_mean: 0.5 } }
          span_workflow_name: nlp
          workflow: mini

        """

    @Test(
        arguments: [
            ("dataset_id: ds_9", "dataset_id", "ds_9"),
            ("evaluator_ids: [ev_9]", "evaluator_ids", "ev_9"),
            ("evaluator_slugs: [tone]", "evaluator_slugs", "tone"),
            ("evaluator_workflow_ids: [wfv_1]", "evaluator_workflow_ids", "wfv_1"),
            ("evaluators: [helpful]", "evaluator_slugs", "helpfulness"),
        ] as [(String, String, String)])
    func anOwnSpellingReplacesTheDefaultField(own: String, field: String, value: String) throws {
        let state = try loadValid(root: manifestHead + Self.defaults + "experiments:\n  e1: { \(own) }\n")
        let body = try state.body("e1")
        #expect(body[field] == (field == "dataset_id" ? .string(value) : [.string(value)]))
        let group =
            field == "dataset_id" ? ["dataset_id"] : ["evaluator_ids", "evaluator_slugs", "evaluator_workflow_ids"]
        #expect(group.filter { body[$0] != nil } == [field], "nothing of the default is added")
        let gates = try #require(state.experiment("e1")).gates.map(\.evaluator)
        #expect(
            gates == (field == "dataset_id" ? ["quality"] : []), "a default gate applies only where its evaluator is")
        #expect(body["span_workflow_name"] == "nlp", "a default for another field still fills the gap")
    }

    @Test func defaultGatesApplyWhereTheExperimentScoresWithTheirEvaluator() throws {
        let state = try loadValid(
            root: manifestHead + Self.defaults + """
                experiments:
                  inherits: {}
                  overrides: { gates: { quality: { min_mean: 0.9 } } }
                  own-evaluators: { evaluators: [helpful], gates: { helpful: { max_mean: 0.4 } } }
                """)
        #expect(state.experiment("inherits")?.gates.map(\.minMean) == [0.5])
        #expect(state.experiment("overrides")?.gates.map(\.minMean) == [0.9])
        #expect(state.experiment("own-evaluators")?.gates.map(\.evaluator) == ["helpful"])
    }

    @Test func aDefaultGateThatAppliesToNoExperimentIsAnError() throws {
        let root =
            manifestHead + Self.defaults.replacingOccurrences(of: "{ quality:", with: "{ helpfull:") + """
                experiments:
                  e1: {}
                """
        #expect(
            try errors(of: root) == [
                "default gate for 'helpfull', which is not an evaluator of any experiment; did you mean 'helpful'?"
            ])
    }

    @Test func anOwnGateForAnEvaluatorTheExperimentDoesNotUseIsStillAnError() throws {
        let root = manifestHead + Self.defaults + "experiments:\n  e1: { gates: { helpful: { min_mean: 0.1 } } }\n"
        #expect(
            try errors(of: root) == [
                "gate for 'helpful', which is not an evaluator of this experiment"
            ])
    }

    @Test func anEmptyOwnEvaluatorListReplacesTheDefaultAndIsNoScoringPath() throws {
        let root = manifestHead + Self.defaults + "experiments:\n  e1: { evaluators: [] }\n"
        #expect(
            try errors(of: root) == [
                "no evaluators: Respan needs exactly one scoring path; give 'evaluators' (here or in 'defaults')"
            ])
    }
}

/// The order of findings at one place: each matrix instance's, then the repeats'.
@Suite struct RepeatsFindingOrderTests {
    @Test func repeatsAreReportedAfterEveryInstance() throws {
        let fixture = try ManifestFixture(
            root: """
                version: 1
                workflows:
                  w: [{ type: wait }]
                experiments:
                  e:
                    matrix: { m: [a, b] }
                    dataset_id: d1
                    evaluator_ids: [ev1]
                    experiment_id: &w w
                    workflow: *w
                    repeats: 2
                """)
        defer { fixture.directory.remove() }
        let findings = ManifestLoader().load(path: fixture.rootPath).diagnostics.sorted
        #expect(
            findings.map { "\($0.severity == .error ? "error" : "warning") \($0.message.prefix(8))" } == [
                "warning experime", "warning experime", "error 'e[m=a]'", "error 'e[m=b]'",
            ])
        #expect(findings.map(\.message).contains { $0.contains("e[m=b]") && $0.contains("wait step") })
    }
}
