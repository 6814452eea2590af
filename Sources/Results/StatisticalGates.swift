import Manifest
import RespanCore

/// One verdict table for the statistical gates (`min_mean`, `min_pass_rate` and `max_regression`
/// with a `confidence`): pass, fail, or inconclusive.
///
/// Pass rates (boolean scores) are judged on the Wilson score interval, other scores on a seeded
/// percentile bootstrap over dataset rows (with repeats, each row's mean across them). `min_*`
/// passes when the two-sided interval's lower end reaches the bound; `max_regression` fails only
/// when the interval of the regression (baseline minus current, per paired row) lies wholly above
/// it. An interval that cannot be computed honestly is *inconclusive*, which fails the gate and
/// says how many rows would decide it: fewer than `minimumRows` rows or pairs, or zero width from
/// identical outcomes. A computable verdict states the smallest difference the test could detect
/// at the gate's confidence with 80 % power.
extension GateChecker {
    /// Fewer distinct rows (or pairs) than this give no honest interval.
    static let minimumRows = 5

    func judgeMeanInterval(_ verdict: inout GateVerdict, _ result: EvaluatorResult, confidence: Double) {
        let rows = result.rowMeans.sorted { $0.key < $1.key }.map(\.value)
        guard !rows.isEmpty else {
            verdict.reason = "no scores for '\(verdict.evaluator)'"
            return
        }
        let mean = rows.reduce(0, +) / Double(rows.count), isRate = result.statistics.isBoolean
        let bootstrap = Bootstrap(seed: Bootstrap.seed("\(verdict.key)|\(verdict.evaluator)|min_mean"))
        let interval =
            isRate
            ? Intervals.wilson(rate: mean, count: rows.count, confidence: confidence)
            : bootstrap.meanInterval(rows, confidence: confidence) ?? mean...mean
        fill(&verdict, value: mean, interval: interval, confidence: confidence, samples: rows.count)
        verdict.method = isRate ? "wilson" : "bootstrap"
        verdict.repeats = result.repeats?.runs ?? 1
        let word = verdict.condition == .minPassRate ? "pass rate" : "mean"
        let estimate = "\(word) \(Format.number(mean)) (\(describe(interval, confidence, rows.count, "rows")))"
        let unit = rows.allSatisfy { (0...1).contains($0) }
        let deciding = unit ? Self.rowsToDecide(verdict.bound, mean: mean, confidence: confidence) : nil
        if rows.count < Self.minimumRows || interval.lowerBound == interval.upperBound {
            let why =
                rows.count < Self.minimumRows
                ? "only \(counted(rows.count, "row")), too few for an honest interval"
                : "all \(rows.count) rows scored \(Format.number(mean)), so the interval has zero width"
            return inconclusive(&verdict, estimate, why, rows: max(Self.minimumRows, deciding ?? 0), unit: "rows")
        }
        let spread = isRate ? (verdict.bound * (1 - verdict.bound)).squareRoot() : Intervals.standardDeviation(rows)
        verdict.detectable = spread.flatMap {
            Intervals.detectable(standardDeviation: $0, count: rows.count, confidence: confidence)
        }
        let passed = interval.lowerBound >= verdict.bound
        verdict.outcome = passed ? .passed : .failed
        verdict.reason =
            "\(estimate): lower end \(Format.number(interval.lowerBound)) \(passed ? "≥" : "<") \(Format.number(verdict.bound))"
        if !passed, let deciding, deciding > rows.count {
            verdict.rowsToDecide = deciding
            verdict.reason += "; at this \(word), \(counted(deciding, "row")) would reach it"
        }
        if let detectable = verdict.detectable {
            verdict.reason +=
                "; it could detect a \(word) \(Format.number(detectable)) below the bound (\(power(verdict)))"
        }
    }

    func judgeRegressionInterval(
        _ verdict: inout GateVerdict, _ comparison: PairedComparison, confidence: Double, repeats: Int?,
        runCost: Double? = nil
    ) {
        let regressions = comparison.differences.map { -$0 }
        let bootstrap = Bootstrap(seed: Bootstrap.seed("\(verdict.key)|\(verdict.evaluator)|max_regression"))
        guard let interval = bootstrap.meanInterval(regressions, confidence: confidence) else {
            verdict.reason = "no dataset row was scored in both runs"
            return
        }
        let regression = regressions.reduce(0, +) / Double(regressions.count)
        fill(&verdict, value: regression, interval: interval, confidence: confidence, samples: regressions.count)
        verdict.method = "bootstrap"
        verdict.repeats = repeats ?? 1
        let estimate =
            "regression \(Format.number(regression)) (\(describe(interval, confidence, regressions.count, "paired rows")))"
        let spread = Intervals.standardDeviation(regressions) ?? 0
        if regressions.count < Self.minimumRows || spread == 0 {
            let why =
                regressions.count < Self.minimumRows
                ? "only \(counted(regressions.count, "paired row")), too few for an honest interval"
                : "every one of \(regressions.count) paired rows changed by the same \(Format.number(-regression)), so the interval has zero width"
            let deciding = Self.pairsToDecide(verdict.bound, regression: regression, confidence: confidence)
            return inconclusive(
                &verdict, estimate, why, rows: max(Self.minimumRows, deciding ?? 0), unit: "paired rows")
        }
        verdict.detectable = Intervals.detectable(
            standardDeviation: spread, count: regressions.count, confidence: confidence)
        let shown = interval.lowerBound > verdict.bound
        verdict.outcome = shown ? .failed : .passed
        verdict.reason =
            "\(estimate): "
            + (shown
                ? "above \(Format.number(verdict.bound)) with \(percent(confidence)) confidence"
                : "not shown above \(Format.number(verdict.bound)) with \(percent(confidence)) confidence")
        guard let detectable = verdict.detectable else { return }
        verdict.reason += "; it could detect a regression of \(Format.number(detectable)) or more (\(power(verdict)))"
        if !shown, detectable > verdict.bound {
            verdict.reason +=
                ", more than the bound \(Format.number(verdict.bound)), so this pass does not rule out a regression past it"
                + Self.repeatsToDetect(verdict.bound, detectable: detectable, repeats: repeats ?? 1, runCost: runCost)
        }
    }

    /// "; about 4 repeats could detect it (3 more runs, about $0.12)": the repeats at which the
    /// detectable regression would reach the bound if all of the rows' spread were noise
    /// between repeats (it shrinks as 1/√repeats; a spread between rows does not, so this is
    /// the fewest that could do).
    static func repeatsToDetect(_ bound: Double, detectable: Double, repeats: Int, runCost: Double?) -> String {
        let ratio = detectable / bound
        // Past a million repeats the sentence says nothing useful (and the count overflows).
        guard bound > 0, ratio.isFinite, Double(repeats) * ratio * ratio < 1e6 else { return "" }
        let needed = Int((Double(repeats) * ratio * ratio).rounded(.up))
        guard needed > repeats else { return "" }
        let more = needed - repeats
        let cost = runCost.map { ", about \(Dollars.text(Double(more) * $0))" } ?? ""
        return "; at least \(needed) repeats would be needed to detect it (\(counted(more, "more run"))\(cost))"
    }

    private func inconclusive(_ verdict: inout GateVerdict, _ estimate: String, _ why: String, rows: Int, unit: String)
    {
        verdict.outcome = .inconclusive
        verdict.rowsToDecide = rows
        verdict.reason = "inconclusive: \(estimate): \(why); about \(rows) \(unit) would decide it"
    }

    /// Rows at which a Wilson interval around `mean` would clear `bound` on its side.
    static func rowsToDecide(_ bound: Double, mean: Double, confidence: Double) -> Int? {
        if mean > bound { return Intervals.rowsToReach(bound, rate: mean, confidence: confidence) }
        if mean < bound { return Intervals.rowsToReach(1 - bound, rate: 1 - mean, confidence: confidence) }
        return nil
    }

    /// Pairs at which identical differences would clear the bound: a Wilson interval at 0 % or
    /// 100 % is z²/(n + z²) wide, so n > z²/gap − z².
    static func pairsToDecide(_ bound: Double, regression: Double, confidence: Double) -> Int? {
        let gap = abs(regression - bound), z2 = Intervals.z(confidence) * Intervals.z(confidence)
        guard gap > 1e-12 else { return nil }
        return Int((z2 / gap - z2).rounded(.down)) + 1
    }

    private func fill(
        _ verdict: inout GateVerdict, value: Double, interval: ClosedRange<Double>, confidence: Double, samples: Int
    ) {
        verdict.value = value
        verdict.interval = interval
        verdict.confidence = confidence
        verdict.samples = samples
    }

    private func power(_ verdict: GateVerdict) -> String {
        let repeats = verdict.repeats ?? 1
        return
            "\(percent(verdict.confidence ?? 0)) confidence, 80% power, \(counted(verdict.samples ?? 0, "row")) × \(counted(repeats, "repeat"))"
    }

    private func describe(_ interval: ClosedRange<Double>, _ confidence: Double, _ count: Int, _ unit: String) -> String
    {
        "\(percent(confidence)) CI \(Format.number(interval.lowerBound))–\(Format.number(interval.upperBound)) over \(count) \(unit)"
    }

    private func percent(_ confidence: Double) -> String { "\(Format.number(confidence * 100))%" }
}
