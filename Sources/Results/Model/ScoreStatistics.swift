/// Count, mean, extremes and (for boolean scores) the pass rate of a set of scores.
public struct ScoreStatistics: Sendable, Equatable {
    public var count: Int
    public var mean: Double?
    public var min: Double?
    public var max: Double?
    /// The share of true values (0–1), for boolean scores only.
    public var passRate: Double?
    public var isBoolean: Bool

    public init(_ values: [Double], isBoolean: Bool) {
        count = values.count
        // Summed in sorted order: a floating-point sum depends on its order, and one run must
        // show one mean however its traces came (no 0.7638 against 0.7639 for the same run).
        mean = values.isEmpty ? nil : values.sorted().reduce(0, +) / Double(values.count)
        min = values.min()
        max = values.max()
        self.isBoolean = isBoolean
        passRate = isBoolean ? mean : nil
    }

    /// From a summary's aggregate: a count and a mean (the pass rate for a boolean), no extremes.
    public init(count: Int, mean: Double?, isBoolean: Bool) {
        self.count = count
        self.mean = mean
        self.isBoolean = isBoolean
        passRate = isBoolean ? mean : nil
    }
}

/// Two runs' scores paired by `comparison_key` (the same dataset row): the delta is the mean of
/// per-row differences, so a regression compares the same inputs, not two unrelated means.
public struct PairedComparison: Sendable, Equatable {
    /// The baseline run's statistics over all its rows.
    public var baseline: ScoreStatistics
    public var pairs: Int
    /// Means over the paired rows only.
    public var pairedBaselineMean: Double?
    public var pairedCurrentMean: Double?
    /// Current minus baseline, averaged over pairs (negative: the scores dropped).
    public var delta: Double?
    /// Rows scored in one run only (by `comparison_key`); reported, never silently dropped.
    public var onlyCurrent: Int
    public var onlyBaseline: Int
    /// Per paired row, current minus baseline (in row order): what a paired test resamples.
    public var differences: [Double] = []

    /// Pairs `current` and `baseline` (comparison key → score); a key scored twice in a run
    /// (repeats) counts with its mean.
    public init(current: [String: [Double]], baseline: [String: [Double]], isBoolean: Bool) {
        func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }
        // In key order: floating-point sums depend on their order, and a dictionary's is not fixed,
        // so the same baseline would otherwise show a different last digit from one run to the next.
        self.baseline = ScoreStatistics(
            baseline.sorted { $0.key < $1.key }.flatMap(\.value), isBoolean: isBoolean)
        let shared = Set(current.keys).intersection(baseline.keys).sorted()
        pairs = shared.count
        onlyCurrent = current.keys.count - shared.count
        onlyBaseline = baseline.keys.count - shared.count
        guard !shared.isEmpty else { return }
        let before = shared.map { mean(baseline[$0] ?? []) }, after = shared.map { mean(current[$0] ?? []) }
        pairedBaselineMean = mean(before)
        pairedCurrentMean = mean(after)
        differences = zip(after, before).map { $0 - $1 }
        delta = mean(differences)
    }
}
