import Foundation
import Manifest
import RespanCore
import TestSupport
import Testing

@Suite struct IncludeTests {
    @Test func includesResolveRelativeToTheIncludingFileAndLoadOnce() throws {
        let fixture = try ManifestFixture([
            "experiments.yaml": """
            version: 1
            include: [shared/defs.yaml, suites/a.yaml]
            """,
            "shared/defs.yaml": """
            datasets: { qa: { id: ds_1 } }
            evaluators: { quality: { id: ev_1 } }
            """,
            "suites/a.yaml": """
            include: [../shared/defs.yaml, nested/b.yaml]
            experiments:
              a: { dataset: qa, evaluators: [quality], workflow: [{ type: duplicate }] }
            """,
            "suites/nested/b.yaml": """
            experiments:
              b: { dataset: qa, evaluators: [quality], workflow: [{ type: duplicate }] }
            """,
        ])
        defer { fixture.directory.remove() }
        let state = try #require(ManifestLoader().load(path: fixture.rootPath).desired)
        #expect(state.experiments.map(\.key) == ["a", "b"])
        let prefix = fixture.directory.url.path + "/"
        #expect(
            state.files.map { $0.replacingOccurrences(of: prefix, with: "") } == [
                "experiments.yaml", "shared/defs.yaml", "suites/a.yaml", "suites/nested/b.yaml",
            ])
    }

    @Test func aNameDefinedInTwoFilesPointsAtBoth() throws {
        let fixture = try ManifestFixture([
            "experiments.yaml": "version: 1\ninclude: [b.yaml]\nworkflows:\n  w: [{ type: duplicate }]\n",
            "b.yaml": "workflows:\n  w: [{ type: duplicate }]\n",
        ])
        defer { fixture.directory.remove() }
        let diagnostics = ManifestLoader().load(path: fixture.rootPath).diagnostics.sorted
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostics.count == 1)
        #expect(diagnostic.message == "workflow 'w' is defined twice")
        #expect(diagnostic.location?.file.hasSuffix("b.yaml") == true)
        #expect(diagnostic.notes.first?.location?.file.hasSuffix("experiments.yaml") == true)
        #expect(diagnostic.notes.first?.location?.line == 4)
    }
}
