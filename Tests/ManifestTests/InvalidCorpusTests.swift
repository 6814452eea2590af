import Foundation
import Manifest
import RespanCore
import TestSupport
import Testing

/// Every invalid manifest in the corpus produces exactly the errors it lists.
@Suite struct InvalidCorpusTests {
    /// Pinned: a case that stops being found (a renamed folder, a file without `# expect:`)
    /// fails here instead of silently shrinking the corpus. Add one, raise the count.
    @Test func corpusHoldsEveryCase() {
        #expect(InvalidCase.all().count == 82)
    }

    @Test(arguments: InvalidCase.all())
    func producesExactlyTheListedErrors(_ testCase: InvalidCase) {
        let result = ManifestLoader(environment: ["HOME": "/root"]).load(path: testCase.root.path)
        let errors = result.diagnostics.sorted.filter { $0.severity == .error }
        let actual = errors.map {
            testCase.notation(
                file: $0.location?.file, line: $0.location?.line, column: $0.location?.column, message: $0.message)
        }
        #expect(!testCase.expected.isEmpty, "the case lists no expected error")
        #expect(result.desired == nil)
        #expect(actual == testCase.expected)
    }
}
