import RespanCore

/// One condition of one gate on one experiment, checked.
public struct GateVerdict: Sendable, Equatable {
    public enum Condition: String, Sendable, CaseIterable {
        case minMean = "min_mean"
        case maxMean = "max_mean"
        case minPassRate = "min_pass_rate"
        case minRowPassRate = "min_row_pass_rate"
        case maxRegression = "max_regression"
    }

    public enum Outcome: String, Sendable {
        case passed, failed
        /// Not checkable and not a failure: `max_regression` without a baseline run.
        case skipped
        /// A statistical gate whose interval cannot be computed honestly (too few rows or
        /// pairs, or zero width from identical outcomes): it fails, saying what would decide it.
        case inconclusive

        /// Whether this outcome fails the run (exit 3).
        public var fails: Bool { self == .failed || self == .inconclusive }
    }

    public var key: String
    /// The evaluator's manifest name.
    public var evaluator: String
    public var condition: Condition
    public var bound: Double
    /// The measured value (a mean, a pass rate, or a regression); nil when there was none.
    public var value: Double?
    public var outcome: Outcome
    /// Why, in words: "mean 0.71 < 0.8", "experiment is running (45%)".
    public var reason: String
    /// The gate's line in the manifest.
    public var location: SourceLocation?
    /// For a statistical gate: the confidence asked for, the bootstrap interval of the measured
    /// value, and the number of rows (or pairs) resampled.
    public var confidence: Double? = nil
    public var interval: ClosedRange<Double>? = nil
    public var samples: Int? = nil
    /// `wilson` (pass rates) or `bootstrap` (scores, paired differences), for a statistical gate.
    public var method: String? = nil
    /// The smallest difference (for `max_regression`, regression) the test could detect at the
    /// gate's confidence with 80 % power, given these rows and repeats; nil when not computable.
    public var detectable: Double? = nil
    /// Rows (or pairs) that would decide an inconclusive gate, or reach a failed `min_*` bound
    /// at the same observed rate; nil when no number would.
    public var rowsToDecide: Int? = nil
    /// `repeats: N` behind each row (1 without repeats).
    public var repeats: Int? = nil

    /// A stable test name: `KEY · EVALUATOR min_mean`.
    public var name: String { "\(key) · \(evaluator) \(condition.rawValue)" }
}
