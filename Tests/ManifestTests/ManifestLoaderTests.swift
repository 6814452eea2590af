import Manifest
import RespanCore
import TestSupport
import Testing

@Suite struct ManifestLoaderTests {
    /// A zero-byte manifest (the fuzzer's first find: the file reading leaked on it) is one
    /// located error, as a manifest of only a comment is; a folder is "cannot be read".
    @Test func anEmptyFileAndAFolderAreOneLocatedErrorEach() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("experiments.yaml", "")
        let empty = ManifestLoader().load(path: directory.path("experiments.yaml"))
        #expect(empty.desired == nil)
        #expect(
            empty.diagnostics.sorted.map(\.message) == [
                "'\(directory.path("experiments.yaml"))' is empty; a manifest is a mapping that starts with 'version: 1'"
            ])
        let folder = ManifestLoader().load(path: directory.url.path)
        #expect(
            folder.diagnostics.sorted.first?.message.hasSuffix("it cannot be read") == true,
            "\(folder.diagnostics.sorted)")
    }

    @Test func buildsTheCreateBodyFromReferences() throws {
        let state = try loadValid(
            root: manifestHead + """
                experiments:
                  e1:
                    description: first
                    dataset: qa
                    workflow: mini
                    evaluators: [quality]
                    batch_size: 50
                    concurrency: 4
                    enable_tracing: false
                    span_workflow_name: root
                    generation_method: llm
                    experiment_id: exp_fixed
                """)
        let expected: JSONValue = [
            "name": "demo/e1", "description": "first", "dataset_id": "ds_1",
            "workflow": [["type": "completion", "config": ["model": "gpt-4o-mini"]]],
            "evaluator_ids": ["ev_1"], "batch_size": 50, "concurrency": 4, "enable_tracing": false,
            "span_workflow_name": "root", "generation_method": "llm", "experiment_id": "exp_fixed",
        ]
        #expect(try state.body("e1") == expected)
    }

    @Test func rawIdsAndSlugsAndWorkflowIdsAreAccepted() throws {
        let state = try loadValid(
            root: manifestHead + """
                experiments:
                  by-slug: { dataset_id: ds_9, workflow: mini, evaluators: [helpful] }
                  raw-slugs: { dataset: qa, workflow: mini, evaluator_slugs: [a, b] }
                  pipelines: { dataset: qa, workflow: mini, evaluator_workflow_ids: [wfv_1] }
                """)
        #expect(try state.body("by-slug")["evaluator_slugs"] == ["helpfulness"])
        #expect(try state.body("by-slug")["dataset_id"] == "ds_9")
        #expect(try state.body("raw-slugs")["evaluator_slugs"] == ["a", "b"])
        #expect(try state.body("pipelines")["evaluator_workflow_ids"] == ["wfv_1"])
        #expect(try state.body("pipelines")["evaluator_ids"] == nil)
    }

    @Test func extensionKeysAreIgnoredAtEveryLevel() throws {
        let state = try loadValid(
            root: manifestHead + """
                x-common: &common { dataset: qa, workflow: mini }
                experiments:
                  x-note: not an experiment
                  e1:
                    <<: *common
                    x-owner: me
                    evaluators: [quality]
                    workflow:
                      - type: completion
                        x-comment: a step note
                        config: { model: m, x-anchor: &t 0.5, temperature: *t }
                """)
        #expect(state.experiments.map(\.key) == ["e1"])
        #expect(
            try state.body("e1")["workflow"] == [["type": "completion", "config": ["model": "m", "temperature": 0.5]]])
    }

    @Test func mergeKeysLetExplicitKeysWin() throws {
        let state = try loadValid(
            root: manifestHead + """
                x-base: &base { dataset: qa, workflow: mini, evaluators: [quality], concurrency: 2 }
                x-more: &more { concurrency: 3, batch_size: 7 }
                experiments:
                  e1:
                    concurrency: 9
                    <<: [*base, *more]
                """)
        let body = try state.body("e1")
        #expect(body["concurrency"] == 9)
        #expect(body["batch_size"] == 7)
        #expect(body["dataset_id"] == "ds_1")
    }

    @Test func defaultsFillGapsAndMergeGates() throws {
        let state = try loadValid(
            root: manifestHead + """
                defaults:
                  dataset: qa
                  workflow: mini
                  evaluator_slugs: [helpfulness, tone]
                  concurrency: 15
                  gates: { tone: { min_mean: 0.5 } }
                experiments:
                  e1: { gates: { helpfulness: { max_mean: 0.4 } } }
                  e2: { gates: { tone: { min_mean: 0.9 } } }
                """)
        let body = try state.body("e1")
        #expect(body["concurrency"] == 15)
        #expect(body["dataset_id"] == "ds_1")
        let merged = try #require(state.experiment("e1")).gates
        #expect(merged.map(\.evaluator) == ["helpfulness", "tone"], "the default gate joins the experiment's own")
        #expect(merged.map(\.minMean) == [nil, 0.5])
        #expect(merged.map(\.maxMean) == [0.4, nil])
        #expect(state.experiment("e2")?.gates.map(\.minMean) == [0.9], "the experiment's own gate wins")
    }

    @Test func scalarsKeepTheirYAMLTypesExactly() throws {
        let state = try loadValid(
            root: manifestHead + """
                experiments:
                  e1:
                    dataset: qa
                    evaluators: [quality]
                    workflow:
                      - type: completion
                        config:
                          model: m
                          temperature: 0.2
                          quoted: "0.2"
                          yes_is_text: yes
                          big: 123456789012345678901234567890
                          precise: 0.1000000000000000055511151231257827
                          exp: 1.5e-7
                          hex: 0xFF
                          none: ~
                          flag: true
                """)
        let config = try #require(try state.body("e1")["workflow"]?.arrayValue?.first?["config"])
        #expect(config["temperature"] == .number(try #require(JSONNumber(jsonLiteral: "0.2"))))
        #expect(config["quoted"] == "0.2")
        #expect(config["yes_is_text"] == "yes")
        #expect(config["big"]?.numberValue?.text == "123456789012345678901234567890")
        #expect(config["precise"]?.numberValue?.text == "0.1000000000000000055511151231257827")
        #expect(config["exp"]?.numberValue?.text == "1.5e-7")
        #expect(config["hex"] == 255)
        #expect(config["none"] == .null)
        #expect(config["flag"] == true)
    }

    @Test func defaultNameIsTheKeyWithoutAProject() throws {
        let root =
            manifestHead.replacingOccurrences(of: "project: demo\n", with: "") + """
                experiments:
                  e1: { dataset: qa, workflow: mini, evaluators: [quality] }
                """
        let state = try loadValid(root: root)
        #expect(try state.body("e1")["name"] == "e1")
    }

    @Test func lifecycleOptionsAndGatesAreDecoded() throws {
        let state = try loadValid(
            root: manifestHead + """
                experiments:
                  e1:
                    dataset: qa
                    workflow: mini
                    evaluators: [quality]
                    protect: true
                    replace_strategy: recreate
                    ignore_changes: [description, evaluators]
                    gates: { quality: { min_mean: 0.8, max_regression: 0.05 } }
                """)
        let experiment = try #require(state.experiment("e1"))
        #expect(experiment.protect)
        #expect(experiment.replaceStrategy == .recreate)
        #expect(
            experiment.ignoreChanges == ["description", "evaluator_ids", "evaluator_slugs", "evaluator_workflow_ids"])
        #expect(experiment.gates.count == 1)
        #expect(experiment.gates.first?.scoreKey == "ev_1")
        #expect(experiment.gates.first?.minMean == 0.8)
        #expect(experiment.gates.first?.maxRegression == 0.05)
        #expect(experiment.body["protect"] == nil)
    }

    @Test func movedEntriesNameExistingTargets() throws {
        let state = try loadValid(
            root: manifestHead + """
                experiments:
                  renamed: { dataset: qa, workflow: mini, evaluators: [quality] }
                moved:
                  - { from: original, to: renamed }
                """)
        #expect(state.moved.map { [$0.from.value, $0.to.value] } == [["original", "renamed"]])
    }

    @Test func fieldLocationsPointIntoTheManifest() throws {
        let state = try loadValid(
            root: manifestHead + """
                experiments:
                  e1:
                    dataset: qa
                    workflow: mini
                    evaluators: [quality]
                """)
        let experiment = try #require(state.experiment("e1"))
        #expect(experiment.location.line == 13)
        #expect(experiment.fieldLocations["dataset_id"]?.line == 14)
        #expect(experiment.fieldLocations["dataset_id"]?.column == 14)
    }

    @Test func allErrorsOfARunAreReportedSortedByPosition() throws {
        let fixture = try ManifestFixture(
            root: manifestHead + """
                experiments:
                  e2: { dataset: nope, workflow: mini, evaluators: [quality] }
                  e1: { dataset: qa, workflow: nope, evaluators: [quality], concurrency: 0 }
                """)
        defer { fixture.directory.remove() }
        let diagnostics = ManifestLoader().load(path: fixture.rootPath).diagnostics.sorted
        #expect(diagnostics.count == 3)
        #expect(diagnostics.map { $0.location?.line ?? 0 } == [13, 14, 14])
        #expect(diagnostics.map { $0.location?.column ?? 0 } == [18, 32, 74])
    }
}
