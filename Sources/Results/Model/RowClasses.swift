/// One evaluator's dataset rows against the baseline run, each in exactly one class: what a
/// reviewer reads before the means.
public struct RowClasses: Sendable, Equatable {
    /// Scored on both sides, lower now.
    public var regressed = 0
    /// Scored on both sides, higher now.
    public var improved = 0
    /// Scored on both sides, the same.
    public var unchanged = 0
    /// Failing on both sides: a boolean that never passed on either side, or a score below the
    /// gate's `min_mean` on both.
    public var failingBoth = 0
    /// The evaluator gave an error on either side: an error, never a score of 0.
    public var errored = 0
    /// A row on one side only: never a pass.
    public var onlyCurrent = 0
    public var onlyBaseline = 0

    public var unpaired: Int { onlyCurrent + onlyBaseline }
    public var total: Int { regressed + improved + unchanged + failingBoth + errored + unpaired }

    public init() {}

    /// The counts in words, leaving out empty classes: "3 regressed, 1 errored, 2 unpaired".
    public var summary: String {
        let parts = [
            (regressed, "regressed"), (improved, "improved"), (unchanged, "unchanged"),
            (failingBoth, "failing on both sides"), (errored, "errored"), (unpaired, "unpaired"),
        ].filter { $0.0 > 0 }.map { "\($0.0) \($0.1)" }
        return parts.isEmpty ? "no rows" : parts.joined(separator: ", ")
    }

    /// Classes every row of `current` and `baseline` (row → mean score); `errored` rows gave an
    /// evaluator error on either side; `failBelow` is the score under which a row fails (0.5 for
    /// a boolean: a row that passed in none of its repeats).
    public static func classify(
        current: [String: Double], baseline: [String: Double], errored: Set<String>, failBelow: Double?
    ) -> RowClasses {
        var classes = RowClasses()
        for row in Set(current.keys).union(baseline.keys).union(errored) {
            if errored.contains(row) {
                classes.errored += 1
                continue
            }
            guard let after = current[row] else {
                classes.onlyBaseline += 1
                continue
            }
            guard let before = baseline[row] else {
                classes.onlyCurrent += 1
                continue
            }
            if let failBelow, after < failBelow, before < failBelow {
                classes.failingBoth += 1
            } else if after < before - tolerance {
                classes.regressed += 1
            } else if after > before + tolerance {
                classes.improved += 1
            } else {
                classes.unchanged += 1
            }
        }
        return classes
    }

    /// Scores are rounded by the service; a difference below this is no difference.
    static let tolerance = 1e-9
}

/// One regressed row as a reviewer reads it: what went in, what was expected, both outputs
/// (shortened) and both scores.
public struct RowExample: Sendable, Equatable {
    /// The row's `comparison_key`.
    public var row: String
    public var input: String
    public var expected: String
    public var baselineOutput: String
    public var currentOutput: String
    public var baselineScore: Double
    public var currentScore: Double

    /// Current minus baseline (negative for a regression).
    public var change: Double { currentScore - baselineScore }

    /// At most this many regressed (or new) rows are shown per experiment and evaluator.
    public static let limit = 5
    /// Text fields are cut to this many characters.
    public static let textLimit = 160
}

/// A row scored now that the baseline run does not have: added to the dataset, or changed (a
/// changed row is a new row to pairing). Shown lowest score first, so a reviewer of a dataset
/// change sees how its new rows fare.
public struct NewRow: Sendable, Equatable {
    /// The row's `comparison_key`.
    public var row: String
    public var input: String
    public var expected: String
    public var output: String
    public var score: Double
}
