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

    /// Of two candidates as close, the hint names the first in code point order whatever the
    /// order they come in: a dictionary's keys come in another order in every process.
    @Test func aTieIsBrokenTheSameWayInAnyOrder() {
        #expect(Suggestion.closest(to: "qb", in: ["qc", "qa"]) == "qa")
        #expect(Suggestion.closest(to: "qb", in: ["qa", "qc"]) == "qa")
        #expect(Suggestion.closest(to: "qb", in: Set(["qc", "qa", "qd"])) == "qa")
        #expect(Suggestion.closest(to: "qaa", in: ["qaab", "qa"]) == "qa")
    }
}
