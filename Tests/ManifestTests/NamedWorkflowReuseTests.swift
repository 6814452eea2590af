import Manifest
import RespanCore
import TestSupport
import Testing

/// A named workflow is decoded once per distinct matrix values it reads (once in all without
/// `${{ }}`) and reused: what it decodes to, and what it reports, must be exactly what decoding
/// it again would give.
@Suite struct NamedWorkflowReuseTests {
    static let workflows = """
        version: 1
        datasets: { qa: { id: ds_1 } }
        evaluators: { quality: { id: ev_1 } }
        workflows:
          tuned:
            - type: completion
              config: { model: m, temperature: "${{ matrix.t }}", stop: "${{ matrix.t }}" }

        """

    /// The keys of the experiments the loader hands over (those without errors) and the messages
    /// it reports, for the manifest `root`.
    static func load(_ root: String) throws -> (handed: [String], messages: [String]) {
        let fixture = try ManifestFixture(root: root)
        defer { fixture.directory.remove() }
        var handed: [String] = []
        let result = ManifestLoader().load(path: fixture.rootPath) { handed.append($0.key) }
        return (handed, result.diagnostics.sorted.map(\.message))
    }

    /// `0.5` and `"0.5"` have the same text but are a number and a string: two decodings.
    @Test func valuesOfTheSameTextButAnotherTypeAreDecodedApart() throws {
        let state = try loadValid(
            root: Self.workflows + """
                  open:
                    - type: completion
                      config: { model: m, stop: "${{ matrix.t }}" }
                experiments:
                  number: { matrix: { t: [0.5] }, dataset: qa, evaluators: [quality], workflow: open }
                  text: { matrix: { t: ["0.5"] }, dataset: qa, evaluators: [quality], workflow: open }
                  again: { matrix: { t: [0.5], n: [1] }, dataset: qa, evaluators: [quality], workflow: open }
                  tagged: { matrix: { t: [!!str 0.5] }, dataset: qa, evaluators: [quality], workflow: open }
                """)
        func stop(_ key: String) throws -> JSONValue? {
            try state.body(key)["workflow"]?.arrayValue?.first?["config"]?["stop"]
        }
        #expect(try stop("number[t=0.5]") == 0.5)
        #expect(try stop("text[t=0.5]") == "0.5")
        #expect(try stop("again[n=1,t=0.5]") == 0.5)
        #expect(try stop("tagged[t=0.5]") == "0.5")
    }

    /// A decoding that found a mistake is reused with its findings: every experiment using
    /// those values is refused, not only the first.
    @Test func aReusedDecodingKeepsItsErrors() throws {
        let root =
            Self.workflows + """
                experiments:
                  first: { matrix: { t: [5] }, dataset: qa, evaluators: [quality], workflow: tuned }
                  second: { matrix: { t: [5] }, dataset: qa, evaluators: [quality], workflow: tuned }
                  fine: { matrix: { t: [1] }, dataset: qa, evaluators: [quality], workflow: tuned }
                """
        let (handed, messages) = try Self.load(root)
        #expect(handed == ["fine[t=1]"])
        #expect(messages == ["'temperature' must be between 0 and 2, got 5"])
    }

    /// One without `${{ }}` is decoded once for all experiments, its errors reported for each.
    @Test func aWorkflowWithoutExpressionsKeepsItsErrorsForEveryUse() throws {
        let root =
            Self.workflows + """
                  fixed:
                    - type: completion
                      config: { model: m, temperature: 5 }
                experiments:
                  first: { dataset: qa, evaluators: [quality], workflow: fixed }
                  second: { matrix: { t: [1, 2] }, dataset: qa, evaluators: [quality], workflow: fixed }
                  fine: { dataset: qa, evaluators: [quality], workflow: [{ type: completion, config: { model: m } }] }
                """
        let (handed, messages) = try Self.load(root)
        #expect(handed == ["fine"])
        #expect(messages == ["'temperature' must be between 0 and 2, got 5"])
    }
}
