import TestSupport
import Testing

/// A mistyped subcommand, at the root or nested, names the one it was probably meant to be.
@Suite struct SubcommandTypoTests {
    @Test(arguments: [(["plna"], "'plna'; did you mean 'plan'?"), (["state", "lsit"], "'lsit'; did you mean 'list'?")])
    func aTypoGetsASuggestion(_ arguments: [String], _ expected: String) async throws {
        let result = try await CLI.run(arguments)
        #expect(result.status == 1)
        #expect(result.stderr.contains("error: Unexpected argument \(expected)"), "\(result.stderr)")
    }
}
