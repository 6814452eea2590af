import Applying
import ArgumentParser
import Foundation
import Lockfiles
import Planning
import Views

/// `--max-cost USD` on plan and apply: `12`, `12.50` or `$12.50`.
struct BudgetOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Refuse (exit 4) when the estimated cost of the runs this plan starts is above this many US dollars, or cannot be estimated.",
            valueName: "usd"),
        transform: BudgetOptions.parse)
    var maxCost: Double?

    var budget: Budget? { maxCost.map(Budget.init(maxDollars:)) }

    static func parse(_ text: String) throws -> Double {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let digits = trimmed.hasPrefix("$") ? String(trimmed.dropFirst()) : trimmed
        guard let value = Double(digits), value.isFinite, value >= 0 else {
            throw ValidationError("--max-cost takes US dollars, such as 5 or 12.50; got '\(text)'")
        }
        return value
    }
}
