import Foundation
import RespanCore
import TestSupport
import Testing

/// The manifest rules as a user meets them: `render` shows what is sent, `validate` what is wrong.
@Suite struct ManifestRulesCLITests {
    static let head = """
        version: 1
        datasets: { qa: { id: ds_1 } }
        evaluators: { quality: { id: ev_1 }, helpful: { slug: helpfulness } }

        """

    /// `render` of a manifest written to a fresh folder: the result and, when valid, the experiments.
    func render(_ manifest: String, environment: [String: String] = [:]) async throws -> (CLI.Result, JSONValue) {
        let fixture = try ManifestFixture(root: manifest)
        defer { fixture.directory.remove() }
        let result = try await CLI.run(["render"], in: fixture.directory.url, environment: environment)
        let experiments = result.status == 0 ? try JSONValue(parsing: result.stdout)["experiments"] : nil
        return (result, experiments ?? .null)
    }

    func validate(_ manifest: String, environment: [String: String] = [:]) async throws -> CLI.Result {
        let fixture = try ManifestFixture(root: manifest)
        defer { fixture.directory.remove() }
        return try await CLI.run(["validate"], in: fixture.directory.url, environment: environment)
    }

    // MARK: Text fields keep what the user wrote

    @Test func textFieldsKeepPlainScalarsAsWritten() async throws {
        let (result, experiments) = try await render(
            Self.head + """
                experiments:
                  e1:
                    name: 1.10
                    description: 02134
                    dataset_id: 0x1F
                    evaluators: [quality]
                    span_workflow_name: 0o17
                    workflow: [{ type: completion, config: { model: m } }]
                  2024:
                    name: True
                    description: 1:30
                    span_workflow_name: 3.10
                    dataset: qa
                    evaluators: [quality]
                    workflow: [{ type: completion, config: { model: m } }]
                """)
        #expect(result.status == 0, "\(result.stderr)")
        let body = experiments["e1"]
        #expect(body?["name"] == "1.10")
        #expect(body?["description"] == "02134")
        #expect(body?["dataset_id"] == "0x1F")
        #expect(body?["span_workflow_name"] == "0o17")
        let other = experiments["2024"]
        #expect(other?["name"] == "True")
        #expect(other?["description"] == "1:30")
        #expect(other?["span_workflow_name"] == "3.10")
    }

    @Test func matrixValuesKeepTheirSpellingInKeysAndNamesAndTheirTypeInConfig() async throws {
        let (result, experiments) = try await render(
            Self.head + """
                experiments:
                  sweep:
                    matrix: { version: [1.10, 1.9], temperature: [0.50] }
                    name: "v${{ matrix.version }}"
                    dataset: qa
                    evaluators: [quality]
                    description: "${{ matrix.version }}"
                    workflow:
                      - type: completion
                        config: { model: m, temperature: "${{ matrix.temperature }}" }
                """)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            experiments.objectValue.map { $0.keys.sorted() } == [
                "sweep[temperature=0.50,version=1.10]", "sweep[temperature=0.50,version=1.9]",
            ])
        let body = experiments["sweep[temperature=0.50,version=1.10]"]
        #expect(body?["name"] == "v1.10")
        #expect(body?["description"] == "1.10")
        #expect(body?["workflow"]?.arrayValue?.first?["config"]?["temperature"] == 0.5)
    }

    // MARK: Keys that collide in JSON

    @Test func keysThatBecomeTheSameJSONKeyAreDuplicatesAtEveryLevel() async throws {
        let result = try await validate(
            Self.head + """
                experiments:
                  e1:
                    dataset: qa
                    evaluators: [quality]
                    workflow:
                      - type: completion
                        config: { model: m, logit_bias: { "50256": -100, 50256: 5 }, deep: { a: { b: { 7: x, '7': y } } } }
                """)
        #expect(result.status == 1)
        #expect(
            result.stderr == """
                experiments.yaml:10:58: error: duplicate key '50256' ("50256" and 50256 become the same JSON key)
                 10 |         config: { model: m, logit_bias: { "50256": -100, 50256: 5 }, deep: { a: { b: { 7: x, '7': y } } } }
                    |                                                          ^
                experiments.yaml:10:43: note: '50256' is first defined here
                 10 |         config: { model: m, logit_bias: { "50256": -100, 50256: 5 }, deep: { a: { b: { 7: x, '7': y } } } }
                    |                                           ^
                experiments.yaml:10:94: error: duplicate key '7' (7 and '7' become the same JSON key)
                 10 |         config: { model: m, logit_bias: { "50256": -100, 50256: 5 }, deep: { a: { b: { 7: x, '7': y } } } }
                    |                                                                                              ^
                experiments.yaml:10:88: note: '7' is first defined here
                 10 |         config: { model: m, logit_bias: { "50256": -100, 50256: 5 }, deep: { a: { b: { 7: x, '7': y } } } }
                    |                                                                                        ^
                2 errors in the manifest

                """)
    }

    // MARK: Environment values

    static let environmentManifest =
        head + """
            experiments:
              e1:
                name: "${{ env.RPT_RUN_NAME || 'nightly' }}"
                dataset: qa
                evaluators: [quality]
                batch_size: ${{ env.RPT_SIZE || 5 }}
                enable_tracing: ${{ env.RPT_TRACE || false }}
                span_workflow_name: "${{ env.RPT_SDK || 'none' }}"
                workflow:
                  - type: completion
                    config: { model: m, temperature: "${{ env.RPT_TEMP || 0.2 }}", note: "${{ env.RPT_NOTE || 'n/a' }}" }
            """

    @Test func aFallbackAppliesWhenTheVariableIsUnsetOrEmpty() async throws {
        let empty = [
            "RPT_RUN_NAME": "", "RPT_SIZE": "", "RPT_TRACE": "", "RPT_SDK": "", "RPT_TEMP": "", "RPT_NOTE": "",
        ]
        for environment in [[:], empty] {
            let (result, experiments) = try await render(Self.environmentManifest, environment: environment)
            #expect(result.status == 0, "\(result.stderr)")
            let body = experiments["e1"]
            #expect(body?["name"] == "nightly")
            #expect(body?["batch_size"] == 5)
            #expect(body?["enable_tracing"] == false)
            #expect(body?["span_workflow_name"] == "none")
            #expect(
                body?["workflow"]?.arrayValue?.first?["config"] == ["model": "m", "temperature": 0.2, "note": "n/a"])
        }
    }

    @Test func anEnvironmentValueIsTypedTheWayItsFieldNeeds() async throws {
        let environment = [
            "RPT_RUN_NAME": "1.10", "RPT_SIZE": "10", "RPT_TRACE": "true", "RPT_SDK": "3.10", "RPT_TEMP": "0.7",
            "RPT_NOTE": "42",
        ]
        let (result, experiments) = try await render(Self.environmentManifest, environment: environment)
        #expect(result.status == 0, "\(result.stderr)")
        let body = experiments["e1"]
        #expect(body?["name"] == "1.10")
        #expect(body?["batch_size"] == 10)
        #expect(body?["enable_tracing"] == true)
        #expect(body?["span_workflow_name"] == "3.10")
        // In free-form config a value resolves like a plain YAML scalar.
        #expect(body?["workflow"]?.arrayValue?.first?["config"] == ["model": "m", "temperature": 0.7, "note": 42])
    }

    @Test func anEnvironmentValueOfTheWrongKindNamesTheVariable() async throws {
        let result = try await validate(
            Self.environmentManifest, environment: ["RPT_SIZE": "ten", "RPT_TRACE": "yes", "RPT_TEMP": "hot"])
        #expect(result.status == 1)
        let errors = result.stderr.split(separator: "\n").filter { $0.contains(": error: ") }
        #expect(
            errors == [
                "experiments.yaml:9:17: error: expected an integer for 'batch_size', but environment variable 'RPT_SIZE' is 'ten'",
                "experiments.yaml:10:21: error: expected a boolean for 'enable_tracing', but environment variable 'RPT_TRACE' is 'yes'",
                "experiments.yaml:14:43: error: expected a number for 'temperature', but environment variable 'RPT_TEMP' is 'hot'",
            ])
    }

    // MARK: Defaults

    @Test func anExperimentsOwnValueInAnySpellingReplacesTheDefault() async throws {
        let (result, experiments) = try await render(
            Self.head + """
                defaults:
                  dataset: qa
                  evaluators: [quality]
                  gates: { quality: { min_mean: 0.5 } }
                  workflow: [{ type: completion, config: { model: m } }]
                experiments:
                  raw-dataset: { dataset_id: ds_raw }
                  raw-slugs: { evaluator_slugs: [tone] }
                  raw-ids: { evaluator_ids: [ev_9] }
                  named: { evaluators: [helpful] }
                """)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(experiments["raw-dataset"]?["dataset_id"] == "ds_raw")
        #expect(experiments["raw-slugs"]?["evaluator_slugs"] == ["tone"])
        #expect(experiments["raw-slugs"]?["evaluator_ids"] == nil)
        #expect(experiments["raw-ids"]?["evaluator_ids"] == ["ev_9"])
        #expect(experiments["named"]?["evaluator_slugs"] == ["helpfulness"])
        #expect(experiments["named"]?["evaluator_ids"] == nil)
    }

    // MARK: Keys the API does not take

    /// Respan takes no `tags` in a request (they are response-only), so a manifest may not set them.
    static let tagsRetired =
        "'tags' cannot be set: Respan's API takes no tags on create, replace or update (they are response-only, "
        + "respan-api.md §9 and the respan-api 0.1.47 SDK), so they would be refused or dropped; remove it "
        + "(a label can go in an experiment's 'description' or its key)"

    @Test func tagsInAnExperimentOrInDefaultsAreALocatedErrorThatSaysWhy() async throws {
        let inExperiment = try await validate(
            Self.head + """
                experiments:
                  e1:
                    dataset: qa
                    evaluators: [quality]
                    workflow: [{ type: completion, config: { model: m } }]
                    tags: { team: nlp }
                """)
        #expect(inExperiment.status == 1)
        #expect(
            inExperiment.stderr == """
                experiments.yaml:9:5: error: \(Self.tagsRetired)
                 9 |     tags: { team: nlp }
                   |     ^
                1 error in the manifest

                """)

        let inDefaults = try await validate(
            Self.head + """
                defaults:
                  dataset: qa
                  tags: { team: nlp }
                experiments:
                  e1: { evaluators: [quality], workflow: [{ type: completion, config: { model: m } }] }
                """)
        #expect(inDefaults.status == 1)
        #expect(
            inDefaults.stderr == """
                experiments.yaml:6:3: error: \(Self.tagsRetired)
                 6 |   tags: { team: nlp }
                   |   ^
                1 error in the manifest

                """)
    }

    // MARK: Line endings and long lines

    static let brokenManifest = [
        "version: 2", "datasets: { qa: { id: ds_1 } }", "evaluators: { quality: { id: ev_1 } }", "experiments:",
        "  e1: { dataset: qa, evaluators: [quality], workflow: mini, concurrency: 0 }",
    ]

    @Test func diagnosticsLookTheSameForLFCRLFAndNoFinalNewline() async throws {
        let lines = Self.brokenManifest
        let variants = [
            lines.joined(separator: "\n") + "\n", lines.joined(separator: "\r\n") + "\r\n",
            lines.joined(separator: "\n"), lines.joined(separator: "\r\n"),
        ]
        var outputs: [String] = []
        for variant in variants { outputs.append(try await validate(variant).stderr) }
        #expect(
            outputs[0] == """
                experiments.yaml:1:10: error: unsupported manifest version 2; this respan-plan reads version 1
                 1 | version: 2
                   |          ^
                experiments.yaml:5:55: error: unknown workflow 'mini'; define it under 'workflows:' or write the steps inline
                 5 |   e1: { dataset: qa, evaluators: [quality], workflow: mini, concurrency: 0 }
                   |                                                       ^
                experiments.yaml:5:74: error: 'concurrency' must be at least 1, got 0
                 5 |   e1: { dataset: qa, evaluators: [quality], workflow: mini, concurrency: 0 }
                   |                                                                          ^
                3 errors in the manifest

                """)
        for output in outputs.dropFirst() { #expect(output == outputs[0]) }
    }

    @Test func aLongLineIsCutAroundTheColumn() async throws {
        let filler = (1...60).map { "k\($0): \($0)" }.joined(separator: ", ")
        let more = filler.replacingOccurrences(of: "k", with: "j")
        let manifest =
            Self.head + """
                experiments:
                  e1: { dataset: qa, evaluators: [quality], workflow: [{ type: completion, config: { model: m, \(filler), temperature: 9, \(more) } }] }
                """
        let result = try await validate(manifest)
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first?.hasSuffix("error: 'temperature' must be between 0 and 2, got 9") == true)
        let shown = try #require(lines.dropFirst().first), caret = try #require(lines.dropFirst(2).first)
        #expect(shown.count < 140)
        #expect(shown.hasPrefix(" 5 | …"))
        #expect(shown.hasSuffix("…"))
        // The caret sits under the value 9, so the excerpt shows the text around it.
        let offset = try #require(caret.firstIndex(of: "^")).utf16Offset(in: caret)
        #expect(shown.dropFirst(offset).hasPrefix("9, j1: 1"))
    }

    @Test func theCaretAlignsAfterWideCharactersAndTabs() async throws {
        let line = "  e1: { dataset: qa, evaluators: [quality], name: \"名前\tx\", workflow: 7 }"
        let result = try await validate(Self.head + "experiments:\n" + line + "\n")
        // 51 columns before the quote's text, two cells for each of 名前, the tab kept, then 14 more.
        let caret = "   | " + String(repeating: " ", count: 55) + "\t" + String(repeating: " ", count: 14) + "^"
        #expect(
            result.stderr == """
                experiments.yaml:5:69: error: unknown workflow '7'; define it under 'workflows:' or write the steps inline
                 5 | \(line)
                \(caret)
                1 error in the manifest

                """)
    }

    // MARK: The valid corpus

    @Test(arguments: ValidCase.all())
    func everyValidManifestRendersExactlyItsGolden(_ testCase: ValidCase) async throws {
        let result = try await CLI.run(["render", testCase.manifest.path], environment: testCase.environment)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == (try String(contentsOf: testCase.golden, encoding: .utf8)))
    }
}

/// A manifest of `Tests/Fixtures/valid` (`NAME.yaml`), the exact `render` output it must give
/// (`NAME.json`), and the environment its `# env: NAME=VALUE` lines set.
struct ValidCase: CustomStringConvertible, Sendable {
    let manifest: URL
    let golden: URL
    let environment: [String: String]

    var description: String { manifest.lastPathComponent }

    static func all() -> [ValidCase] {
        let directory = Paths.fixtures.appendingPathComponent("valid")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { name in
            let manifest = directory.appendingPathComponent(name)
            let text = (try? String(contentsOf: manifest, encoding: .utf8)) ?? ""
            var environment: [String: String] = [:]
            for line in text.split(whereSeparator: \.isNewline) where line.hasPrefix("# env: ") {
                let pair = line.dropFirst("# env: ".count).split(separator: "=", maxSplits: 1)
                environment[String(pair[0])] = pair.count > 1 ? String(pair[1]) : ""
            }
            let golden = manifest.deletingPathExtension().appendingPathExtension("json")
            return ValidCase(manifest: manifest, golden: golden, environment: environment)
        }
    }
}
