import Applying
import Foundation
import Lockfiles
import Planning
import RespanCore
import Results

/// The estimate as plan lines: one per run that has a cost, then the total, marked as an estimate.
enum CostLines {
    static func lines(for estimate: CostEstimate?) -> [String] {
        guard let estimate, !estimate.runs.isEmpty else { return [] }
        var lines = [
            "Estimated cost of the runs this plan starts (an estimate: prices checked \(estimate.pricesChecked)):"
        ]
        for run in estimate.runs {
            var line = "  \(run.key): "
            line += run.rows.map { "\($0) rows" } ?? "rows unknown"
            if let input = run.inputTokens, let output = run.outputTokens {
                line += ", ~\(input + output) tokens (\(input) in, \(output) out)"
            }
            line += run.dollars.map { ", ~\(Dollars.text($0))" } ?? ", price unknown"
            if !run.unpricedModels.isEmpty { line += " (no price for \(run.unpricedModels.joined(separator: ", ")))" }
            lines.append(line)
        }
        var total = "  Total: ~\(Dollars.text(estimate.total))"
        if !estimate.unknown.isEmpty {
            total +=
                " plus \(estimate.unknown.count) run\(estimate.unknown.count == 1 ? "" : "s") of unknown price (not counted as zero; add the model under 'pricing:')"
        }
        lines.append(total)
        var assumed: [String] = []
        for assumption in estimate.runs.flatMap(\.assumptions) where !assumed.contains(assumption) {
            assumed.append(assumption)
        }
        if !assumed.isEmpty { lines.append("  Assumed: \(assumed.joined(separator: "; "))") }
        return lines
    }
}
