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

/// The same baseline gives the same mean to the last digit, however its rows were collected.
@Suite struct BaselineMeanOrderTests {
    @Test func theBaselineMeanDoesNotDependOnTheOrderRowsArrived() {
        let rows = (0..<500).map { ("row-\($0)", [0.1 + Double($0 % 7) * 0.013_1]) }
        var means: Set<Double> = []
        for seed in 0..<8 {
            var order = rows
            var generator = SeededGenerator(state: UInt64(seed) &+ 1)
            order.shuffle(using: &generator)
            var baseline: [String: [Double]] = [:]
            baseline.reserveCapacity(seed * 97)
            for (key, values) in order { baseline[key] = values }
            let comparison = PairedComparison(current: [:], baseline: baseline, isBoolean: false)
            if let mean = comparison.baseline.mean { means.insert(mean) }
        }
        #expect(means.count == 1)
    }
}

private struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state
    }
}
