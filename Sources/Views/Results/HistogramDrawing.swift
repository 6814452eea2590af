import Applying
import Foundation
import Lockfiles
import Planning
import RespanAPI
import Results

/// One evaluator's score distribution as horizontal bars, one a bin.
enum HistogramDrawing {
    static let width = 40

    static func render(name: String, _ histogram: Histogram) -> String {
        var out = "  \(name) distribution (\(histogram.total ?? histogram.bins.reduce(0) { $0 + $1.count }) scores"
        if let mean = histogram.mean { out += ", mean \(Format.number(mean))" }
        out += "):\n"
        let peak = max(1, histogram.bins.map(\.count).max() ?? 1)
        for bin in histogram.bins {
            let label = bin.label ?? "\(Format.number(bin.lower))–\(Format.number(bin.upper))"
            let bar = String(repeating: "█", count: Int((Double(bin.count) / Double(peak) * Double(width)).rounded()))
            out += "    \(label.padding(toLength: 11, withPad: " ", startingAt: 0)) \(bar) \(bin.count)\n"
        }
        return out
    }
}
