import Foundation
import RespanCore
import TestSupport
import Testing

@Suite struct RenderCommandTests {
    @Test func rendersTheQuickstartExactly() async throws {
        let result = try await CLI.run(["render", "examples/quickstart/experiments.yaml"])
        #expect(result.status == 0, "\(result.stderr)")
        let golden = Paths.fixtures.appendingPathComponent("render/quickstart.json")
        #expect(result.stdout == (try String(contentsOf: golden, encoding: .utf8)))
    }

    @Test func outputIsByteIdenticalAcrossRunsAndFileOrder() async throws {
        let sweep = "examples/model-sweep/experiments.yaml"
        let first = try await CLI.run(["render", sweep]), second = try await CLI.run(["render", sweep])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout == second.stdout)
        let document = try JSONValue(parsing: first.stdout)
        #expect(document["format_version"] == 1)
        #expect((document["experiments"]?.objectValue?.count ?? 0) >= 4)
    }

    /// Render writes its document in pieces; a suite far larger than one piece comes out whole.
    @Test func aLargeSuiteStreamsOutIntact() async throws {
        let experiments = (0..<600).map {
            "  e\($0):\n    description: \"row \($0) é \\t\"\n    workflow: [{ type: completion, config: { model: m\($0 % 7) } }]\n"
        }
        let fixture = try ManifestFixture(
            root: """
                version: 1
                datasets: { qa: { id: ds_1 } }
                evaluators: { quality: { id: ev_1 } }
                defaults: { dataset: qa, evaluators: [quality] }
                experiments:

                """ + experiments.joined())
        defer { fixture.directory.remove() }
        let result = try await CLI.run(["render", fixture.rootPath])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.utf8.count > 2 << 16)
        let document = try JSONValue(parsing: result.stdout)
        #expect(document["experiments"]?.objectValue?.count == 600)
        #expect(result.stdout == document.serialized(pretty: true) + "\n")
    }

    @Test func anInvalidManifestRendersNothing() async throws {
        let result = try await CLI.run(["render", "Tests/Fixtures/invalid/experiment-unknown-dataset.yaml"])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("unknown dataset 'qaa'; did you mean 'qa'?"))
    }

    @Test func rootHelpListsTheCommands() async throws {
        let result = try await CLI.run(["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("validate"))
        #expect(result.stdout.contains("render"))
    }

    @Test func aUsageErrorExitsOneWithUsage() async throws {
        let result = try await CLI.run(["validate", "--format", "xml"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("Usage: respan-plan validate"))
    }
}
