import Manifest
import RespanCore
import Testing

@testable import Results

@Suite struct GateCheckerTests {
    static let location = SourceLocation(file: "experiments.yaml", line: 9, column: 5)

    static func gate(
        minMean: Double? = nil, maxMean: Double? = nil, maxRegression: Double? = nil, minPassRate: Double? = nil
    ) -> Gate {
        var gate = Gate(
            evaluator: "quality", scoreKey: "eval_quality", minMean: minMean, maxMean: maxMean,
            maxRegression: maxRegression, location: location)
        gate.minPassRate = minPassRate
        return gate
    }

    static func result(
        status: String = "completed", scores: [Double] = [0.6, 0.8], boolean: Bool = false,
        comparison: PairedComparison? = nil
    ) -> ExperimentResult {
        ExperimentResult(
            key: "answer", id: "exp_1", status: status, progress: 40, errorMessage: nil, traceCount: scores.count,
            cost: nil, tokens: nil,
            evaluators: [
                EvaluatorResult(
                    name: "quality", scoreKey: "eval_quality",
                    statistics: ScoreStatistics(scores, isBoolean: boolean), comparison: comparison)
            ], baselineID: nil)
    }

    @Test func meansAreCheckedAgainstTheirBounds() {
        let verdicts = GateChecker().check(Self.gate(minMean: 0.8, maxMean: 0.9), on: Self.result())
        #expect(verdicts.map(\.outcome) == [.failed, .passed])
        #expect(verdicts[0].reason == "mean 0.7 < 0.8")
        #expect(verdicts[0].value == 0.7)
        #expect(verdicts[0].location == Self.location)
    }

    @Test func anUnfinishedRunFailsItsGatesUnlessAllowed() {
        let running = Self.result(status: "running")
        let strict = GateChecker().check(Self.gate(minMean: 0.1), on: running)
        #expect(strict.first?.outcome == .failed)
        #expect(strict.first?.reason.contains("running (40%), not completed") == true)
        #expect(
            GateChecker(allowIncomplete: true).check(Self.gate(minMean: 0.1), on: running).first?.outcome == .passed)
        #expect(
            GateChecker(allowIncomplete: true).check(Self.gate(minMean: 0.1), on: Self.result(status: "failed")).first?
                .outcome == .failed)
    }

    @Test func passRatesNeedBooleanScores() {
        let boolean = Self.result(scores: [1, 1, 0, 1], boolean: true)
        #expect(GateChecker().check(Self.gate(minPassRate: 0.7), on: boolean).first?.outcome == .passed)
        #expect(GateChecker().check(Self.gate(minPassRate: 0.8), on: boolean).first?.outcome == .failed)
        let numerical = GateChecker().check(Self.gate(minPassRate: 0.5), on: Self.result())
        #expect(numerical.first?.outcome == .failed)
        #expect(numerical.first?.reason.contains("no pass rate") == true)
    }

    @Test func regressionIsSkippedWithoutABaselineAndReadFromThePairs() {
        #expect(GateChecker().check(Self.gate(maxRegression: 0.05), on: Self.result()).first?.outcome == .skipped)
        let comparison = PairedComparison(
            current: ["a": [0.6], "b": [0.8]], baseline: ["a": [0.8], "b": [0.8]], isBoolean: false)
        let verdict = GateChecker(hasBaseline: true).check(
            Self.gate(maxRegression: 0.05), on: Self.result(comparison: comparison))
        #expect(verdict.first?.outcome == .failed)
        #expect(verdict.first?.reason == "regression 0.1 > 0.05 over 2 paired rows")
    }
}
