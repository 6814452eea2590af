import Foundation

/// Closed-form intervals and power figures for the statistical gates.
///
/// Pass rates use the Wilson score interval (Wilson 1927), which stays honest where the normal
/// approximation collapses: at 0 %, at 100 % and for a few dozen rows. 36 passes out of 36 at 95 %
/// give 0.904–1, where a percentile bootstrap gives the useless "1–1".
public enum Intervals {
    /// The power a "detectable" effect is stated at.
    public static let power = 0.8

    /// The standard normal quantile: Φ⁻¹(p) for p in (0, 1), by Acklam's rational approximation
    /// (relative error below 1.2e-9, ample for a gate).
    public static func normalQuantile(_ p: Double) -> Double {
        let low = 0.02425
        if p < low { return tail(p) }
        if p > 1 - low { return -tail(1 - p) }
        let q = p - 0.5, r = q * q
        let numerator = horner(
            [
                -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00,
            ], r)
        let denominator = horner(
            [
                -5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                6.680131188771972e+01, -1.328068155288572e+01, 1,
            ], r)
        return numerator * q / denominator
    }

    /// The lower tail of `normalQuantile` (p below 0.02425).
    private static func tail(_ p: Double) -> Double {
        let q = (-2 * log(p)).squareRoot()
        let numerator = horner(
            [
                -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00,
            ], q)
        let denominator = horner(
            [
                7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                3.754408661907416e+00, 1,
            ], q)
        return numerator / denominator
    }

    private static func horner(_ coefficients: [Double], _ x: Double) -> Double {
        coefficients.reduce(0) { $0 * x + $1 }
    }

    /// z for a two-sided interval at `confidence` (1.96 at 0.95).
    public static func z(_ confidence: Double) -> Double { normalQuantile((1 + confidence) / 2) }

    /// The two-sided Wilson score interval of a proportion `rate` observed over `count` trials.
    public static func wilson(rate: Double, count: Int, confidence: Double) -> ClosedRange<Double> {
        let n = Double(max(count, 1)), z = z(confidence), z2 = z * z
        let p = min(1, max(0, rate))
        let center = (p + z2 / (2 * n)) / (1 + z2 / n)
        let half = z / (1 + z2 / n) * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
        return max(0, center - half)...min(1, center + half)
    }

    /// The fewest rows at which a pass rate of `rate` would give a Wilson lower end of at least
    /// `bound`: the rows that would decide a `min_*` gate. Nil when no number of rows would.
    public static func rowsToReach(_ bound: Double, rate: Double, confidence: Double) -> Int? {
        guard rate > bound else { return nil }
        var (low, high) = (1, 1)
        while wilson(rate: rate, count: high, confidence: confidence).lowerBound < bound {
            guard high < 10_000_000 else { return nil }
            (low, high) = (high, high * 2)
        }
        while low < high {
            let middle = (low + high) / 2
            if wilson(rate: rate, count: middle, confidence: confidence).lowerBound >= bound {
                high = middle
            } else {
                low = middle + 1
            }
        }
        return high
    }

    /// The smallest true difference a test on `count` rows with this standard deviation per row
    /// detects at `confidence` (two-sided) with `power`: (z + z_power) · sd / √count.
    public static func detectable(standardDeviation: Double, count: Int, confidence: Double) -> Double? {
        guard count > 0, standardDeviation > 0 else { return nil }
        return (z(confidence) + normalQuantile(power)) * standardDeviation / Double(count).squareRoot()
    }

    /// The sample standard deviation (nil under two values).
    public static func standardDeviation(_ values: [Double]) -> Double? {
        guard values.count > 1 else { return nil }
        let mean = values.reduce(0, +) / Double(values.count)
        return (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)).squareRoot()
    }
}
