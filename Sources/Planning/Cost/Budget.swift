import Lockfiles
import RespanCore

/// `--max-cost USD`: a plan whose runs may cost more is refused before any request that starts a run.
public struct Budget: Sendable, Equatable {
    public var maxDollars: Double

    public init(maxDollars: Double) {
        self.maxDollars = maxDollars
    }

    /// Why `estimate` breaks the budget, or nil when it fits. Runs of unknown price break it:
    /// a budget that cannot be checked is not met.
    public func violation(_ estimate: CostEstimate?) -> String? {
        guard let estimate else { return nil }
        let limit = Dollars.text(maxDollars)
        if !estimate.unknown.isEmpty {
            let models = Set(estimate.unknown.flatMap(\.unpricedModels)).sorted()
            let rowsUnknown = estimate.unknown.filter { $0.rows == nil }.map(\.key)
            var text = "--max-cost \(limit) cannot be checked: \(estimate.unknown.count) run(s) have no price"
            if !models.isEmpty {
                text += " (no price for \(models.joined(separator: ", ")); add them under 'pricing:')"
            }
            if !rowsUnknown.isEmpty { text += " (rows unknown for \(rowsUnknown.prefix(3).joined(separator: ", ")))" }
            return text
        }
        guard estimate.total > maxDollars else { return nil }
        let top = estimate.mostExpensive.prefix(3).map { "\($0.key) ~\(Dollars.text($0.dollars ?? 0))" }
        return "the estimated cost ~\(Dollars.text(estimate.total)) is above --max-cost \(limit); "
            + "the most expensive: \(top.joined(separator: ", "))"
    }
}
