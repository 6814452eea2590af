import Foundation
import TestSupport
import Testing

/// Every example is a valid manifest and names the schema for editors.
@Suite struct ExamplesTests {
    static func yamlFiles() -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: Paths.examples.path)
        return (enumerator?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
    }

    static func roots() -> [String] {
        yamlFiles().filter { $0.hasSuffix("/experiments.yaml") }
    }

    @Test func thereAreTheFourExamples() {
        #expect(
            Self.roots() == [
                "checks/experiments.yaml", "model-sweep/experiments.yaml", "quickstart/experiments.yaml",
                "suite/experiments.yaml",
            ])
    }

    @Test(arguments: roots())
    func exampleValidates(_ root: String) async throws {
        let result = try await CLI.run(["validate", "examples/\(root)"])
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test(arguments: yamlFiles())
    func exampleStartsWithTheSchemaComment(_ file: String) throws {
        let text = try String(contentsOf: Paths.examples.appendingPathComponent(file), encoding: .utf8)
        let first = text.split(separator: "\n").first.map(String.init) ?? ""
        let schema = file.hasSuffix("/experiments.yaml") ? "respan-plan.schema.json" : "respan-plan-include.schema.json"
        #expect(first.hasPrefix("# yaml-language-server: $schema="))
        #expect(first.hasSuffix("schemas/\(schema)"))
        // The relative path must lead to the schema from the example's folder.
        let relative = String(first.dropFirst("# yaml-language-server: $schema=".count))
        let folder = Paths.examples.appendingPathComponent(file).deletingLastPathComponent()
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(relative).standardized.path))
    }
}
