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
        #expect(state.experiment("sweep[model=gpt-4o,temperature=0.7]")?.matrix["temperature"] == 0.7)
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

    @Test func anEnvironmentValueIsTypedTheWayItsFieldNeeds() throws {
        let root =
            manifestHead + """
                experiments:
                  e1:
                    name: ${{ env.SIZE }}
                    dataset: qa
                    workflow: [{ type: completion, config: { model: m, n: "${{ env.SIZE }}", s: "${{ env.TEXT }}" } }]
                    evaluators: [quality]
                    batch_size: "${{ env.SIZE }}"
                    protect: ${{ env.FLAG }}
                """
        let state = try loadValid(root: root, environment: ["SIZE": "010", "TEXT": "a: b", "FLAG": "false"])
        let body = try state.body("e1")
        #expect(body["name"] == "010")
        #expect(body["batch_size"] == 10)
        #expect(body["workflow"]?.arrayValue?.first?["config"] == ["model": "m", "n": 10, "s": "a: b"])
        #expect(state.experiment("e1")?.protect == false)
        #expect(
            try errors(of: root, environment: ["SIZE": "", "TEXT": "", "FLAG": "no"]) == [
                "'name' must not be empty (environment variable 'SIZE' is empty)",
                "expected an integer for 'batch_size', but environment variable 'SIZE' is empty",
                "expected a boolean for 'protect', but environment variable 'FLAG' is 'no'",
            ])
    }

    /// Plain references are read by bytes, everything else by the general reader: both give
    /// the same values, and a mistake is reported the same whatever its spacing.
    @Test func referencesReadTheSameInEverySpellingAndMistakesAreReported() throws {
        let named = { (name: String) in
            manifestHead + """
                experiments:
                  e1:
                    matrix: { m: [a] }
                    name: "\(name)"
                    dataset: qa
                    workflow: mini
                    evaluators: [quality]
                """
        }
        let spellings = "${{matrix.m}}|${{ matrix.m }}|${{\\tmatrix.m }}|${{ env.X }}|${{project}}|${{ env.Y || 'y' }}"
        let body = try loadValid(root: named(spellings), environment: ["X": "x"]).body("e1[m=a]")
        #expect(body["name"] == "a|a|a|x|demo|y")
        #expect(
            try errors(of: named("${{ matrix.m.n }}")) == [
                "unknown expression 'matrix.m.n': use matrix.NAME, env.NAME or project; did you mean 'matrix'?"
            ])
        #expect(
            try errors(of: named("${{ Matrix.m }}")) == [
                "unknown expression 'Matrix.m': use matrix.NAME, env.NAME or project; did you mean 'matrix'?"
            ])
        #expect(try errors(of: named("${{ matrix.z }}")) == ["unknown matrix axis 'z'; did you mean 'm'?"])
    }

    @Test func aFallbackAppliesToAnEmptyVariableButNotToASetOne() throws {
        let root =
            manifestHead + """
                experiments:
                  e1: { dataset: qa, workflow: mini, evaluators: [quality], description: "${{ env.D || 'none' }}" }
                """
        #expect(try loadValid(root: root, environment: ["D": ""]).body("e1")["description"] == "none")
        #expect(try loadValid(root: root, environment: [:]).body("e1")["description"] == "none")
        #expect(try loadValid(root: root, environment: ["D": " "]).body("e1")["description"] == " ")
    }

    @Test func matrixValuesKeepTheirSpellingInKeysNamesAndDescriptions() throws {
        let state = try loadValid(
            root: manifestHead + """
                experiments:
                  m:
                    matrix: { v: [1.10, 02134, 0x1F, 1:30, 1e3] }
                    name: "v${{ matrix.v }}"
                    dataset: qa
                    evaluators: [quality]
                    description: "${{ matrix.v }}"
                    workflow: [{ type: completion, config: { model: m, v: "${{ matrix.v }}" } }]
                """)
        #expect(state.experiments.map(\.key) == ["m[v=02134]", "m[v=0x1F]", "m[v=1.10]", "m[v=1:30]", "m[v=1e3]"])
        let body = try state.body("m[v=0x1F]")
        #expect(body["name"] == "v0x1F")
        #expect(body["description"] == "0x1F")
        #expect(body["workflow"]?.arrayValue?.first?["config"]?["v"] == 31)
        #expect(try state.body("m[v=1:30]")["workflow"]?.arrayValue?.first?["config"]?["v"] == "1:30")
    }

    @Test func matrixValuesThatGiveTheSameKeyTextAreDuplicates() throws {
        let root =
            manifestHead + """
                experiments:
                  m: { matrix: { v: [1, "1"] }, dataset: qa, workflow: mini, evaluators: [quality] }
                """
        #expect(try errors(of: root) == ["matrix axis 'v' lists '1' twice; experiment keys would repeat"])
    }
}
