import Foundation
import Manifest
import RespanCore
import TestSupport
import Testing

/// `load(path:forEach:)`: every experiment handed over once, none kept, the same findings.
@Suite struct ManifestLoaderStreamingTests {
    static let files = [
        "experiments.yaml": manifestHead + """
            include: [more.yaml]
            defaults: { evaluators: [quality] }
            experiments:
              sweep:
                matrix: { model: [a, b] }
                dataset: qa
                workflow: [{ type: completion, config: { model: "${{ matrix.model }}" } }]
            """,
        "more.yaml": """
        experiments:
          plain: { dataset: qa, workflow: mini }
          again: { dataset: qa, workflow: mini, repeats: 2 }
        """,
    ]

    @Test func handsOverEveryExperimentAndKeepsNone() throws {
        let fixture = try ManifestFixture(Self.files)
        defer { fixture.directory.remove() }
        var handed: [ResolvedExperiment] = []
        let streamed = ManifestLoader().load(path: fixture.rootPath) { handed.append($0) }
        let whole = ManifestLoader().load(path: fixture.rootPath)
        #expect(streamed.diagnostics.isEmpty, "\(streamed.diagnostics.sorted)")
        #expect(streamed.desired?.experiments.isEmpty == true)
        #expect(streamed.desired?.files == whole.desired?.files)
        #expect(streamed.experimentCount == 5)
        #expect(whole.experimentCount == 5)
        let sorted = handed.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        #expect(sorted.map(\.key) == whole.desired?.experiments.map(\.key))
        #expect(sorted.map(\.body) == whole.desired?.experiments.map(\.body))
    }

    @Test func anInvalidManifestReportsTheSameFindings() throws {
        var files = Self.files
        files["more.yaml"] = "experiments:\n  plain: { dataset: qaa, workflow: mini }\n"
        let fixture = try ManifestFixture(files)
        defer { fixture.directory.remove() }
        let streamed = ManifestLoader().load(path: fixture.rootPath) { _ in }
        let whole = ManifestLoader().load(path: fixture.rootPath)
        #expect(streamed.desired == nil)
        #expect(streamed.diagnostics.sorted == whole.diagnostics.sorted)
        #expect(streamed.diagnostics.sorted.map(\.message).contains("unknown dataset 'qaa'; did you mean 'qa'?"))
    }
}
