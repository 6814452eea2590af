import Applying
import Foundation
import Lockfiles
import Planning
import RespanCore
import Results

/// The estimate as plan lines: one per run that has a cost (past `limit` runs, the most
/// expensive ones and a count of the rest), then the total, marked as an estimate.
enum CostLines {
    /// Runs shown when there are more than the limit.
    static let runsShown = 10

    static func lines(for estimate: CostEstimate?, limit: Int? = nil) -> [String] {
        guard let estimate, !estimate.runs.isEmpty else { return [] }
        var lines = [
            "Estimated cost of the runs this plan starts (an estimate: prices checked \(estimate.pricesChecked)):"
        ]
        var runs = estimate.runs
        if let limit, runs.count > limit {
            runs = Array(runs.sorted { ($0.dollars ?? -1) > ($1.dollars ?? -1) }.prefix(Self.runsShown))
        }
        for run in runs {
            var line = "  \(run.key): "
            line += run.rows.map { counted($0, "row") } ?? "rows unknown"
            if let input = run.inputTokens, let output = run.outputTokens {
                line += ", ~\(input + output) tokens (\(input) in, \(output) out)"
            }
            line += run.dollars.map { ", ~\(Dollars.text($0))" } ?? ", price unknown"
            if !run.unpricedModels.isEmpty { line += " (no price for \(run.unpricedModels.joined(separator: ", ")))" }
            lines.append(line)
        }
        if runs.count < estimate.runs.count {
            lines.append("  … and \(estimate.runs.count - runs.count) more runs (--verbose lists every one)")
        }
        let unknown = counted(estimate.unknown.count, "run")
        let priced = estimate.runs.count - estimate.unknown.count
        // With no run priced, a total of $0 would read as free: it is unknown.
        var total = priced == 0 ? "  Total: unknown" : "  Total: ~\(Dollars.text(estimate.total))"
        if !estimate.unknown.isEmpty {
            total +=
                (priced == 0 ? ": " : " plus ")
                + "\(unknown) of unknown price (not counted as zero; add the model under 'pricing:')"
        }
        lines.append(total)
        var assumed: [String] = []
        for assumption in estimate.runs.flatMap(\.assumptions) where !assumed.contains(assumption) {
            assumed.append(assumption)
        }
        if let limit, assumed.count > limit { assumed = Array(assumed.prefix(Self.runsShown)) + ["…"] }
        if !assumed.isEmpty { lines.append("  Assumed: \(assumed.joined(separator: "; "))") }
        return lines
    }
}
