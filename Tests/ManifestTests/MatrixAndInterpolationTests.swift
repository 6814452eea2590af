import Manifest
import RespanCore
import Testing

@Suite struct MatrixAndInterpolationTests {
    static let sweep =
        manifestHead + """
            experiments:
              sweep:
                matrix: { model: [gpt-4o-mini, gpt-4o], temperature: [0.0, 0.7] }
                name: "sweep ${{ matrix.model }} t=${{ matrix.temperature }}"
                dataset: qa
                evaluators: [quality]
                workflow:
                  - type: completion
                    config: { model: "${{ matrix.model }}", temperature: "${{ matrix.temperature }}" }
            """

    @Test func expandsToStableSortedKeys() throws {
        let state = try loadValid(root: Self.sweep)
        #expect(
            state.experiments.map(\.key) == [
                "sweep[model=gpt-4o,temperature=0.0]", "sweep[model=gpt-4o,temperature=0.7]",
                "sweep[model=gpt-4o-mini,temperature=0.0]", "sweep[model=gpt-4o-mini,temperature=0.7]",
            ])
    }

    @Test func reorderingAxesAndValuesKeepsTheKeys() throws {
        let reordered = Self.sweep.replacingOccurrences(
            of: "{ model: [gpt-4o-mini, gpt-4o], temperature: [0.0, 0.7] }",
            with: "{ temperature: [0.7, 0.0], model: [gpt-4o, gpt-4o-mini] }")
        #expect(reordered != Self.sweep)
        let a = try loadValid(root: Self.sweep), b = try loadValid(root: reordered)
        #expect(a.experiments.map(\.key) == b.experiments.map(\.key))
        #expect(a.experiments.map(\.body) == b.experiments.map(\.body))
    }

    @Test func wholeExpressionsKeepTheValueTypeAndSplicesAreText() throws {
        let state = try loadValid(root: Self.sweep)
        let body = try state.body("sweep[model=gpt-4o,temperature=0.7]")
        #expect(body["name"] == "sweep gpt-4o t=0.7")
        let config = body["workflow"]?.arrayValue?.first?["config"]
        #expect(config?["temperature"] == 0.7)
        #expect(config?["model"] == "gpt-4o")
        #expect(try state.experiment("sweep[model=gpt-4o,temperature=0.7]")?.matrix["temperature"] == 0.7)
    }

    @Test func namedWorkflowsSeeTheMatrix() throws {
        let state = try loadValid(
            root: """
                version: 1
                datasets: { qa: { id: ds_1 } }
                evaluators: { quality: { id: ev_1 } }
                workflows:
                  by-model:
                    - type: completion
                      config: { model: "${{ matrix.model }}", max_tokens: "${{ matrix.tokens }}" }
                experiments:
                  m:
                    matrix: { model: [a, b], tokens: [64] }
                    dataset: qa
                    workflow: by-model
                    evaluators: [quality]
                """)
        let config = try state.body("m[model=b,tokens=64]")["workflow"]?.arrayValue?.first?["config"]
        #expect(config == ["model": "b", "max_tokens": 64])
    }

    @Test func environmentProjectFallbacksAndEscapes() throws {
        let root =
            manifestHead + """
                experiments:
                  e1:
                    name: "${{ project }} on ${{ env.STAGE }}"
                    description: "${{ env.MISSING || 'no description' }} $${{ literal }}"
                    generation_method: ${{ env.METHOD || auto }}
                    dataset: qa
                    workflow: mini
                    evaluators: [quality]
                    batch_size: ${{ env.MISSING || 25 }}
                """
        let state = try loadValid(root: root, environment: ["STAGE": "ci", "METHOD": "llm"])
        let body = try state.body("e1")
        #expect(body["name"] == "demo on ci")
        #expect(body["description"] == "no description ${{ literal }}")
        #expect(body["generation_method"] == "llm")
        #expect(body["batch_size"] == 25)
    }

    @Test func anEnvironmentValueStaysAString() throws {
        let root =
            manifestHead + """
                experiments:
                  e1: { dataset: qa, workflow: mini, evaluators: [quality], batch_size: "${{ env.SIZE }}" }
                """
        #expect(
            try errors(of: root, environment: ["SIZE": "10"]) == ["expected an integer for 'batch_size', got a string"])
    }
}
