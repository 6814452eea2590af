import Manifest
import RespanCore
import Testing

/// Text fields keep a plain scalar exactly as written, YAML 1.1 and 1.2 number forms alike.
@Suite struct YAMLScalarTests {
    @Test(arguments: ["3.10", "02134", "0x1F", "0o17", "1:30", "1_000", "1e3", "+1", ".5", "True", "yes", ".inf"])
    func aPlainScalarIsItsSourceTextInATextField(text: String) {
        #expect(YAMLScalar(text).textValue == text)
    }

    @Test func quotedNullTaggedAndEnvironmentScalars() {
        #expect(YAMLScalar("3.10", style: .doubleQuoted).textValue == "3.10")
        #expect(YAMLScalar("~").textValue == nil)
        #expect(YAMLScalar("").textValue == nil)
        #expect(YAMLScalar("5", tag: "tag:yaml.org,2002:int").textValue == nil)
        #expect(YAMLScalar("5", tag: "tag:yaml.org,2002:str").textValue == "5")
        #expect(YAMLScalar("", environmentVariable: "X").textValue == "")
        #expect(YAMLScalar("0.7", environmentVariable: "X").resolved == .number(JSONNumber(floatText: "0.7")!))
    }

    @Test func everyTextFieldOfAManifestKeepsTheSourceText() throws {
        let state = try loadValid(
            root: """
                version: 1
                project: 2024
                datasets: { "0123": { id: 0123, description: 1.10 } }
                evaluators: { "1.10": { slug: 1.10 } }
                workflows: { "3.10": [{ type: completion, config: { model: m } }] }
                experiments:
                  e1:
                    name: 1.10
                    description: 02134
                    dataset: 0123
                    workflow: 3.10
                    evaluators: [1.10]
                    experiment_id: 0x1F
                    span_workflow_name: 1e3
                    generation_method: true
                    gates: { 1.10: { min_mean: 0.5 } }
                  e2: { description: 0o17, span_workflow_name: 1:30, dataset: 0123, workflow: 3.10, evaluators: [1.10] }
                """)
        let body = try state.body("e1")
        #expect(body["name"] == "1.10")
        #expect(body["description"] == "02134")
        #expect(body["dataset_id"] == "0123")
        #expect(body["evaluator_slugs"] == ["1.10"])
        #expect(body["experiment_id"] == "0x1F")
        #expect(body["span_workflow_name"] == "1e3")
        #expect(body["generation_method"] == "true")
        #expect(state.experiment("e1")?.gates.first?.scoreKey == "1.10")
        let other = try state.body("e2")
        #expect(other["name"] == "2024/e2", "the project's text names an experiment")
        #expect(other["description"] == "0o17")
        #expect(other["span_workflow_name"] == "1:30")
    }

    @Test func freeFormConfigKeepsYAMLTypesSoAModelMustBeQuoted() throws {
        let root =
            manifestHead + """
                experiments:
                  e1: { dataset: qa, evaluators: [quality], workflow: [{ type: completion, config: { model: 4 } }] }
                """
        #expect(try errors(of: root) == ["expected a string for 'model', got a number; quote it to make it a string"])
    }
}
