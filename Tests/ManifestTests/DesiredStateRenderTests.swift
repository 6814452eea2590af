import Manifest
import RespanCore
import TestSupport
import Testing

/// `writeRenderDocument` streams exactly the text of `renderDocument()`, in bounded pieces.
@Suite struct DesiredStateRenderTests {
    /// A sink that keeps each piece apart, to see how the output was cut.
    struct PieceSink: OutputSink {
        var pieces: [[UInt8]] = []
        mutating func write(_ bytes: [UInt8]) { pieces.append(bytes) }
        var text: String { String(decoding: pieces.flatMap { $0 }, as: UTF8.self) }
    }

    static let manyExperiments =
        manifestHead
        + "experiments:\n"
        + (0..<40).map {
            "  e\($0): { dataset: qa, workflow: mini, evaluators: [quality], description: \"\\t\($0)\" }\n"
        }
        .joined()

    @Test(arguments: [1, 100, 1 << 16])
    func streamsTheSameTextAsTheWholeDocument(chunkSize: Int) throws {
        let state = try loadValid(root: Self.manyExperiments)
        var sink = PieceSink()
        state.writeRenderDocument(to: &sink, chunkSize: chunkSize)
        #expect(sink.text == state.renderDocument().serialized(pretty: true) + "\n")
        // Small pieces: each holds at most one experiment beyond the chunk size.
        if chunkSize == 1 { #expect(sink.pieces.count == 41) }
    }

    @Test func anEmptySuiteIsAnEmptyObject() throws {
        let state = try loadValid(root: manifestHead + "experiments: {}\n")
        var sink = CollectingSink()
        state.writeRenderDocument(to: &sink)
        #expect(sink.text == "{\n  \"experiments\": {},\n  \"format_version\": 1\n}\n")
    }

    @Test func aHandBuiltStateIsSortedAndKeepsTheLastOfAKey() throws {
        var state = try loadValid(root: Self.manyExperiments)
        state.experiments.reverse()
        var duplicate = state.experiments[3]
        duplicate.body = ["name": "the last one"]
        state.experiments.append(duplicate)
        var sink = CollectingSink()
        state.writeRenderDocument(to: &sink)
        #expect(sink.text == state.renderDocument().serialized(pretty: true) + "\n")
        #expect(sink.text.contains("\"the last one\""))
    }
}
