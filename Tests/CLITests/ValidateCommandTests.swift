import Foundation
import RespanCore
import TestSupport
import Testing

@Suite struct ValidateCommandTests {
    @Test func validatesExperimentsYamlInTheCurrentFolderByDefault() async throws {
        let result = try await CLI.run(["validate"], in: Paths.examples.appendingPathComponent("quickstart"))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "experiments.yaml: valid, 2 experiments from 1 file\n")
        #expect(result.stderr.isEmpty)
    }

    @Test func reportsLocatedErrorsWithTheSourceLineAndACaret() async throws {
        let fixture = try ManifestFixture(
            root: """
                version: 1
                datasets: { qa: { id: ds_1 } }
                evaluators: { quality: { id: ev_1 } }
                experiments:
                  e1:
                    dataset: qa
                    workflow: [{ type: duplicate }]
                    evaluator: [quality]
                """)
        defer { fixture.directory.remove() }
        let result = try await CLI.run(["validate"], in: fixture.directory.url)
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(
            result.stderr == """
                experiments.yaml:5:3: error: no evaluators: Respan needs exactly one scoring path; give 'evaluators' (here or in 'defaults')
                 5 |   e1:
                   |   ^
                experiments.yaml:8:5: error: unknown key 'evaluator' in experiment 'e1'; did you mean 'evaluators'?
                 8 |     evaluator: [quality]
                   |     ^
                2 errors in the manifest

                """)
    }

    @Test func jsonFormatIsForMachines() async throws {
        let bad = InvalidCase.directory.appendingPathComponent("experiment-unknown-key.yaml").path
        let result = try await CLI.run(["validate", "--format", "json", bad])
        #expect(result.status == 1)
        let document = try JSONValue(parsing: result.stdout)
        #expect(document["valid"] == false)
        #expect(document["error_count"] == 1)
        #expect(document["diagnostics"]?.arrayValue?.first?["line"] == 15)
        let good = try await CLI.run(["validate", "--format", "json", "examples/quickstart/experiments.yaml"])
        #expect(good.status == 0)
        #expect(try JSONValue(parsing: good.stdout)["experiments"] == 2)
    }

    @Test func githubActionsGetsAnnotations() async throws {
        let bad = "Tests/Fixtures/invalid/experiment-unknown-key.yaml"
        let result = try await CLI.run(["validate", bad], environment: ["GITHUB_ACTIONS": "true"])
        #expect(result.status == 1)
        #expect(
            result.stdout
                == "::error file=\(bad),line=15,col=5::unknown key 'evaluator' in experiment 'e1'; did you mean 'evaluators'?\n"
        )
    }

    @Test func aMissingManifestIsAnErrorThatNamesIt() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let result = try await CLI.run(["validate"], in: directory.url)
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("error: cannot read manifest 'experiments.yaml': no such file\n"))
    }

    @Test(arguments: InvalidCase.all())
    func everyInvalidManifestExitsOneWithALocatedError(_ testCase: InvalidCase) async throws {
        let result = try await CLI.run(["validate", testCase.root.path])
        #expect(!result.crashed)
        #expect(result.status == 1)
        #expect(result.stderr.contains(": error: "))
        #expect(result.stderr.range(of: #":\d+:\d+: error: "#, options: .regularExpression) != nil)
    }

    @Test func helpTeachesWithExamples() async throws {
        let result = try await CLI.run(["validate", "--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("Examples:"))
        #expect(result.stdout.contains("respan-plan validate examples/quickstart/experiments.yaml"))
    }

    /// A key in a step's config that the docs do not list but that is close to one they do
    /// is a located warning with a suggestion, for each documented step type; `--strict`
    /// makes it an error. A key near nothing documented passes (the config is open).
    @Test(arguments: [
        ("completion", "{ model: gpt-4o-mini, temprature: 0.2, seed: 7 }", "temprature", "temperature"),
        ("completion", "{ model: gpt-4o-mini, max_token: 9 }", "max_token", "max_tokens"),
        ("prompt", "{ prompt_slug: p, verison: 3 }", "verison", "version"),
        ("condition", "{ condition_polcy: {} }", "condition_polcy", "condition_policy"),
    ])
    func aTypoInAStepConfigIsAWarningAndStrictMakesItAnError(
        _ type: String, _ config: String, _ typo: String, _ suggestion: String
    ) async throws {
        let fixture = try ManifestFixture(
            root: """
                version: 1
                datasets: { qa: { id: ds_1 } }
                evaluators: { quality: { id: ev_1 } }
                experiments:
                  e1:
                    dataset: qa
                    evaluators: [quality]
                    workflow:
                      - type: \(type)
                        config: \(config)
                """)
        defer { fixture.directory.remove() }
        let column = config.range(of: typo).map { config.distance(from: config.startIndex, to: $0.lowerBound) } ?? 0
        let expected =
            "experiments.yaml:10:\(17 + column): warning: unknown key '\(typo)' in the config of a \(type) step; "
            + "did you mean '\(suggestion)'? (it would be sent as written)"
        let result = try await CLI.run(["validate"], in: fixture.directory.url)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains(expected), "\(result.stderr)")
        #expect(!result.stderr.contains("'seed'"))
        let strict = try await CLI.run(["validate", "--strict"], in: fixture.directory.url)
        #expect(strict.status == 1)
        #expect(
            strict.stderr.contains(expected.replacingOccurrences(of: "warning:", with: "error:")), "\(strict.stderr)")
        #expect(strict.stdout.isEmpty)
    }
}
