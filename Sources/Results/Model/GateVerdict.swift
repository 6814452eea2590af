import RespanCore

/// One condition of one gate on one experiment, checked.
public struct GateVerdict: Sendable, Equatable {
    public enum Condition: String, Sendable, CaseIterable {
        case minMean = "min_mean"
        case maxMean = "max_mean"
        case minPassRate = "min_pass_rate"
        case maxRegression = "max_regression"
    }

    public enum Outcome: String, Sendable {
        case passed, failed
        /// Not checkable and not a failure: `max_regression` without a baseline run.
        case skipped
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

    /// A stable test name: `KEY · EVALUATOR min_mean`.
    public var name: String { "\(key) · \(evaluator) \(condition.rawValue)" }
}
