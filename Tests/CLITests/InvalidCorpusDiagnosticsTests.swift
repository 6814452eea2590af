import Foundation
import TestSupport
import Testing

/// What `validate` prints for every invalid manifest of the corpus (messages, places, source
/// lines and carets, warnings too) is pinned byte for byte in `Tests/Fixtures/invalid-diagnostics`,
/// so a change to the loader's insides cannot change what a user reads. After a deliberate change
/// of a message, regenerate with `RESPAN_UPDATE_GOLDEN=1 swift test --filter InvalidCorpusDiagnostics`.
@Suite struct InvalidCorpusDiagnosticsTests {
    static let directory = Paths.fixtures.appendingPathComponent("invalid-diagnostics")

    @Test(arguments: InvalidCase.all())
    func validatePrintsThePinnedDiagnostics(_ testCase: InvalidCase) async throws {
        // Relative to the case's folder and with a fixed environment: the same bytes on any machine.
        let root = String(testCase.root.path.dropFirst(testCase.base.path.count + 1))
        let result = try await CLI.run(
            ["validate", root], in: testCase.base, environment: ["HOME": "/root", "NO_COLOR": "1"], inherit: false)
        let printed = "exit \(result.status)\n--- stdout\n\(result.stdout)--- stderr\n\(result.stderr)"
        let golden = Self.directory.appendingPathComponent(testCase.name + ".txt")
        if ProcessInfo.processInfo.environment["RESPAN_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: Self.directory, withIntermediateDirectories: true)
            try Data(printed.utf8).write(to: golden)
        }
        let pinned = try String(contentsOf: golden, encoding: .utf8)
        #expect(result.status == 1)
        #expect(printed == pinned)
    }
}
