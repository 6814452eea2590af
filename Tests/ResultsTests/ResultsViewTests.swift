import Foundation
import RespanCore
import Testing

@testable import Results
@testable import Views

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite struct ResultsViewTests {
    static func report(experiments count: Int) -> ResultsReport {
        let experiments = (0..<count).map { index in
            GateCheckerTests.result().with(key: "experiment-\(index)-" + String(repeating: "x", count: 40))
        }
        let gates = experiments.flatMap { GateChecker().check(GateCheckerTests.gate(minMean: 0.9), on: $0) }
        return ResultsReport(experiments: experiments, baseline: nil, gates: gates)
    }

    @Test func markdownIsBoundedAndCutWithANote() {
        let text = ResultsMarkdownView().render(Self.report(experiments: 2000))
        #expect(text.utf8.count <= BoundedMarkdown.defaultLimit)
        #expect(text.contains("Left out to stay within GitHub's comment limit"))
        #expect(text.hasPrefix("### respan-plan results\n\n❌ **2000 of 2000 gates failed**"))
    }

    @Test func jsonIsVersionedAndCountsGates() throws {
        let document = try JSONValue(parsing: ResultsJSONView().render(Self.report(experiments: 2)))
        #expect(document["format_version"] == 1)
        #expect(document["passed"] == false)
        #expect(document["summary"]?["failed"] == 2)
        #expect(document["gates"]?.arrayValue?.first?["location"]?["line"] == 9)
    }

    @Test func junitEscapesWhatXMLForbids() {
        var report = Self.report(experiments: 1)
        report.gates[0].reason = "a < b & \"c\"\u{1}"
        let text = ResultsJUnitView().render(report)
        #expect(text.contains("a &lt; b &amp; &quot;c&quot; "))
        #expect(!text.contains("\u{1}"))
    }

    /// Jenkins splits `classname` at its last dot: none there, the full key in `name`; and a
    /// non-character (U+FFFE) would make the file unreadable to every XML parser.
    @Test func junitClassnamesHaveNoDotAndTheFileParses() throws {
        var report = Self.report(experiments: 1)
        report.gates[0].key = "compare[model=gpt-4.1,temperature=0.7]"
        report.gates[0].reason = "odd \u{FFFE} text"
        let text = ResultsJUnitView().render(report)
        #expect(text.contains("classname=\"compare\" name=\"compare[model=gpt-4.1,temperature=0.7] "))
        #expect(!text.contains("\u{FFFE}"))
        let parser = XMLParser(data: Data(text.utf8))
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
    }

    @Test func textColoursOnlyWhenAsked() {
        #expect(!ResultsTextView().render(Self.report(experiments: 1)).contains("\u{1B}["))
        #expect(ResultsTextView(colors: true).render(Self.report(experiments: 1)).contains("\u{1B}[31m"))
    }
}

extension ExperimentResult {
    func with(key: String) -> ExperimentResult {
        var copy = self
        copy.key = key
        return copy
    }
}
