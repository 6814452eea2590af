import Testing

@testable import Results

@Suite struct PairedComparisonTests {
    @Test func rowsArePairedByKeyAndTheRestCounted() {
        let current = ["a": [0.5], "b": [0.7], "c": [0.9]]
        let baseline = ["a": [0.6], "b": [0.7], "d": [0.1]]
        let comparison = PairedComparison(current: current, baseline: baseline, isBoolean: false)
        #expect(comparison.pairs == 2)
        #expect(comparison.onlyCurrent == 1)
        #expect(comparison.onlyBaseline == 1)
        #expect(abs((comparison.delta ?? 0) - -0.05) < 1e-12)
        #expect(comparison.baseline.count == 3)
    }

    /// Two unrelated means can hide a regression that the pairs show.
    @Test func pairingComparesTheSameInputs() {
        // The baseline also scored an easy row the new run never reached: its mean is lower,
        // yet on the shared rows the new run lost 0.2.
        let current = ["hard": [0.5]]
        let baseline = ["hard": [0.7], "easy-missing": [0.1]]
        let comparison = PairedComparison(current: current, baseline: baseline, isBoolean: false)
        #expect((comparison.baseline.mean ?? 0) < 0.5)
        #expect(abs((comparison.delta ?? 0) - -0.2) < 1e-12)
    }

    @Test func nothingSharedHasNoDelta() {
        let comparison = PairedComparison(current: ["a": [1]], baseline: ["b": [1]], isBoolean: true)
        #expect(comparison.pairs == 0)
        #expect(comparison.delta == nil)
    }

    @Test func statisticsOfBooleanScoresHaveAPassRate() {
        let statistics = ScoreStatistics([1, 0, 1, 1], isBoolean: true)
        #expect(statistics.passRate == 0.75)
        #expect(statistics.min == 0)
        #expect(ScoreStatistics([0.2, 0.4], isBoolean: false).passRate == nil)
    }
}
