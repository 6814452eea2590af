import Applying
import Foundation
import Lockfiles
import Planning
import RespanCore
import Results

/// Inline SVG charts for the HTML report: no script, no network, a fixed size in CSS pixels.
enum HTMLCharts {
    static let width = 320.0, height = 120.0, bins = 10

    /// A histogram of `values` over `range` in `bins` bars, with `baseline`'s bars drawn as
    /// outlines over it when given (the same rows before the change).
    static func distribution(
        _ values: [Double], baseline: [Double]?, range: ClosedRange<Double>, label: String
    )
        -> String
    {
        let counts = histogram(values, range: range), before = baseline.map { histogram($0, range: range) }
        let peak = Double(max(1, (counts + (before ?? [])).max() ?? 1))
        let barWidth = width / Double(bins)
        var svg = open(label)
        for (index, count) in counts.enumerated() {
            let barHeight = Double(count) / peak * (height - 20)
            svg += rect(x: Double(index) * barWidth + 1, height: barHeight, width: barWidth - 2, style: "fill:#4c78a8")
        }
        for (index, count) in (before ?? []).enumerated() where count > 0 {
            let barHeight = Double(count) / peak * (height - 20)
            svg += rect(
                x: Double(index) * barWidth + 1, height: barHeight, width: barWidth - 2,
                style: "fill:none;stroke:#f58518;stroke-width:2")
        }
        return svg + axis(range) + "</svg>"
    }

    /// The paired differences (now minus baseline, per row) around a line at zero: mass left of
    /// the line is rows that regressed.
    static func differences(_ values: [Double], label: String) -> String {
        let reach = max(values.map(abs).max() ?? 0, 0.05)
        let range = -reach...reach
        // An odd number of bins, so that no change (0) has a bar of its own, in grey, on the line.
        let bins = Self.bins + 1
        let counts = histogram(values, range: range, bins: bins)
        let peak = Double(max(1, counts.max() ?? 1)), barWidth = width / Double(bins)
        var svg = open(label)
        for (index, count) in counts.enumerated() {
            let colour = index < bins / 2 ? "#e45756" : index > bins / 2 ? "#54a24b" : "#9d9d9d"
            svg += rect(
                x: Double(index) * barWidth + 1, height: Double(count) / peak * (height - 20), width: barWidth - 2,
                style: "fill:\(colour)")
        }
        svg += "<line x1=\"\(width / 2)\" y1=\"0\" x2=\"\(width / 2)\" y2=\"\(height - 20)\" style=\"stroke:#333\"/>"
        return svg + axis(range) + "</svg>"
    }

    static func histogram(_ values: [Double], range: ClosedRange<Double>, bins: Int = bins) -> [Int] {
        var counts = [Int](repeating: 0, count: bins)
        let span = max(range.upperBound - range.lowerBound, 1e-12)
        for value in values where value.isFinite {
            let index = Int((value - range.lowerBound) / span * Double(bins))
            counts[min(bins - 1, max(0, index))] += 1
        }
        return counts
    }

    private static func open(_ label: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" "
            + "viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(TextEscaping.html(label))\">"
    }

    private static func rect(x: Double, height barHeight: Double, width barWidth: Double, style: String) -> String {
        let top = height - 20 - barHeight
        return
            "<rect x=\"\(f(x))\" y=\"\(f(top))\" width=\"\(f(barWidth))\" height=\"\(f(barHeight))\" style=\"\(style)\"/>"
    }

    private static func axis(_ range: ClosedRange<Double>) -> String {
        let style = "font:11px sans-serif;fill:#555"
        return "<text x=\"0\" y=\"\(Int(height) - 5)\" style=\"\(style)\">\(Format.number(range.lowerBound))</text>"
            + "<text x=\"\(Int(width))\" y=\"\(Int(height) - 5)\" style=\"\(style);text-anchor:end\">"
            + "\(Format.number(range.upperBound))</text>"
    }

    private static func f(_ value: Double) -> String { String(format: "%.1f", value) }
}
