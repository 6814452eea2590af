/// Percentile bootstrap confidence intervals, seeded so that the same inputs give the same
/// interval (and the same gate verdict) on every machine.
///
/// The unit of resampling is the dataset row: with repeats, a row's value is its mean across the
/// repeats, and the rows are resampled (rows are the independent draws; repeats of one row are not).
public struct Bootstrap: Sendable {
    /// Resamples drawn; 2,000 keeps the 2.5% and 97.5% percentiles stable to about ±0.002 on
    /// scores in [0, 1] for a few dozen rows.
    public var resamples: Int
    public var seed: UInt64

    public init(resamples: Int = 2000, seed: UInt64) {
        self.resamples = resamples
        self.seed = seed
    }

    /// The two-sided `confidence` interval of the mean of `values` (nil when empty).
    public func meanInterval(_ values: [Double], confidence: Double) -> ClosedRange<Double>? {
        guard !values.isEmpty else { return nil }
        var generator = SplitMix64(seed: seed)
        var means: [Double] = []
        means.reserveCapacity(resamples)
        let count = values.count
        for _ in 0..<resamples {
            var sum = 0.0
            for _ in 0..<count { sum += values[Int(generator.next() % UInt64(count))] }
            means.append(sum / Double(count))
        }
        means.sort()
        let tail = (1 - confidence) / 2
        return quantile(means, tail)...quantile(means, 1 - tail)
    }

    /// Nearest-rank quantile of sorted values.
    private func quantile(_ sorted: [Double], _ q: Double) -> Double {
        let index = Int((q * Double(sorted.count - 1)).rounded())
        return sorted[min(sorted.count - 1, max(0, index))]
    }

    /// A seed from text (FNV-1a, 64-bit): the experiment, evaluator and condition of a gate.
    public static func seed(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}

/// SplitMix64 (Steele, Lea and Flood 2014): small, fast, and the same sequence everywhere.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state = state &+ 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
