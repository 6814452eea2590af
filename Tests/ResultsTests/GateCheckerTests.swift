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

    /// `min_row_pass_rate`: every row must pass in at least that share of its repeats; the
    /// failure names the rows (by input, with the key where two share one) with k of n.
    @Test func aRowPassingInTooFewRepeatsFailsTheGateByName() {
        var gate = Self.gate()
        gate.minRowPassRate = 0.6
        var result = Self.result(scores: [1, 1, 0, 1, 0, 1], boolean: true)
        result.evaluators[0].rowPasses = [
            "r1": RowPasses(row: "r1", passed: 3, runs: 3, input: "How do I export?"),
            "r2": RowPasses(row: "r2", passed: 1, runs: 3, input: "How do I cancel?"),
            "r3": RowPasses(row: "r3", passed: 2, runs: 3, input: "Same question"),
            "r4": RowPasses(row: "r4", passed: 0, runs: 3, input: "Same question"),
        ]
        let failed = GateChecker().check(gate, on: result)
        #expect(failed.map(\.condition) == [.minRowPassRate])
        #expect(failed.first?.outcome == .failed)
        #expect(failed.first?.value == 0)
        #expect(
            failed.first?.reason
                == "2 of 4 rows pass in fewer than 0.6 of their 3 runs: 'Same question' [r4] 0 of 3; 'How do I cancel?' 1 of 3"
        )
        gate.minRowPassRate = 1.0 / 3
        let passed = GateChecker().check(gate, on: result).first
        #expect(passed?.outcome == .failed)
        gate.minRowPassRate = 0
        #expect(
            GateChecker().check(gate, on: result).first?.reason
                == "every one of 4 rows passes in ≥ 0 of its 3 runs (worst: 0 of 3)")
        #expect(GateChecker().check(gate, on: Self.result()).first?.reason.contains("no pass rate") == true)
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
