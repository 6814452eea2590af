import RespanCore
import Testing

@Suite struct SuggestionTests {
    @Test func suggestionsFindNearMisses() {
        #expect(Suggestion.closest(to: "evaluator", in: ["evaluators", "dataset"]) == "evaluators")
        #expect(Suggestion.closest(to: "concurency", in: ["concurrency", "batch_size"]) == "concurrency")
        #expect(Suggestion.closest(to: "zzz", in: ["evaluators"]) == nil)
    }

    @Test func aHintIsEmptyWithoutACloseCandidate() {
        #expect(Suggestion.hint(for: "frist", in: ["first"]) == "; did you mean 'first'?")
        #expect(Suggestion.hint(for: "zzz", in: ["first"]) == "")
    }
}
