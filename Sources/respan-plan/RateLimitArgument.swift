import ArgumentParser
import Foundation

/// `--rate-limit`: requests a minute, written `N` or `N/min`, or a second, written `N/s`.
/// One syntax for every command that takes it.
struct RateLimitArgument: ExpressibleByArgument, Equatable, Sendable {
    /// The rate in requests a minute; always positive and finite.
    var perMinute: Double

    init(perMinute: Double) {
        self.perMinute = perMinute
    }

    init?(argument: String) {
        guard let parsed = try? Self.parse(argument) else { return nil }
        self = parsed
    }

    static let syntax = "N or N/min (a minute) or N/s (a second)"

    /// Reads the argument or says what is wrong with it; for `@Option(transform:)`, so the
    /// usage error carries this message rather than a bare "invalid value".
    static func parse(_ text: String) throws -> RateLimitArgument {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        let unit = parts.count == 2 ? parts[1].lowercased() : "min"
        let scale: Double
        switch unit {
        case "min", "m": scale = 1
        case "s", "sec": scale = 60
        default: throw ValidationError("'\(unit)' is not a unit; use \(syntax)")
        }
        guard let first = parts.first, let count = Double(first), count.isFinite, count > 0 else {
            throw ValidationError("a rate limit is a number of requests above 0: \(syntax)")
        }
        return RateLimitArgument(perMinute: count * scale)
    }
}
