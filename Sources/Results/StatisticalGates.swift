import Manifest

/// The statistical forms of `min_mean` and `max_regression`: decided on a seeded percentile
/// bootstrap interval at the gate's confidence instead of on a point estimate.
///
/// `min_mean` passes when the interval's lower end reaches the bound. `max_regression` fails
/// only when the interval of the regression (baseline minus current, per paired row) lies wholly
/// above the bound. The interval is two-sided at the confidence given, so each decision holds
/// with at least that confidence.
extension GateChecker {
    func judgeMeanInterval(_ verdict: inout GateVerdict, _ result: EvaluatorResult, confidence: Double) {
        let rows = result.rowMeans.sorted { $0.key < $1.key }.map(\.value)
        let bootstrap = Bootstrap(seed: Bootstrap.seed("\(verdict.key)|\(verdict.evaluator)|min_mean"))
        guard let interval = bootstrap.meanInterval(rows, confidence: confidence) else {
            verdict.reason = "no scores for '\(verdict.evaluator)'"
            return
        }
        let mean = rows.reduce(0, +) / Double(rows.count)
        fill(&verdict, value: mean, interval: interval, confidence: confidence, samples: rows.count)
        verdict.outcome = interval.lowerBound >= verdict.bound ? .passed : .failed
        verdict.reason =
            "mean \(Format.number(mean)) (\(describe(interval, confidence, rows.count, "rows"))): lower end "
            + "\(Format.number(interval.lowerBound)) \(verdict.outcome == .passed ? "≥" : "<") \(Format.number(verdict.bound))"
    }

    func judgeRegressionInterval(_ verdict: inout GateVerdict, _ comparison: PairedComparison, confidence: Double) {
        let regressions = comparison.differences.map { -$0 }
        let bootstrap = Bootstrap(seed: Bootstrap.seed("\(verdict.key)|\(verdict.evaluator)|max_regression"))
        guard let interval = bootstrap.meanInterval(regressions, confidence: confidence) else {
            verdict.reason = "no dataset row was scored in both runs"
            return
        }
        let regression = regressions.reduce(0, +) / Double(regressions.count)
        fill(&verdict, value: regression, interval: interval, confidence: confidence, samples: regressions.count)
        let shown = interval.lowerBound > verdict.bound
        verdict.outcome = shown ? .failed : .passed
        verdict.reason =
            "regression \(Format.number(regression)) (\(describe(interval, confidence, regressions.count, "paired rows"))): "
            + (shown
                ? "above \(Format.number(verdict.bound)) with \(percent(confidence)) confidence"
                : "not shown above \(Format.number(verdict.bound)) with \(percent(confidence)) confidence")
    }

    private func fill(
        _ verdict: inout GateVerdict, value: Double, interval: ClosedRange<Double>, confidence: Double, samples: Int
    ) {
        verdict.value = value
        verdict.interval = interval
        verdict.confidence = confidence
        verdict.samples = samples
    }

    private func describe(_ interval: ClosedRange<Double>, _ confidence: Double, _ count: Int, _ unit: String) -> String
    {
        "\(percent(confidence)) CI \(Format.number(interval.lowerBound))–\(Format.number(interval.upperBound)) over \(count) \(unit)"
    }

    private func percent(_ confidence: Double) -> String { "\(Format.number(confidence * 100))%" }
}
