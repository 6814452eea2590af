import ArgumentParser
import Foundation

/// A duration on the command line: seconds (`90`, `1.5`), or with a unit: `500ms`, `90s`,
/// `5m`, `1h`. Always positive.
struct DurationArgument: ExpressibleByArgument, Equatable, Sendable {
    var seconds: Double

    init?(argument: String) {
        guard let parsed = try? Self.parse(argument) else { return nil }
        self = parsed
    }

    init(seconds: Double) {
        self.seconds = seconds
    }

    static let syntax = "seconds (90), or a number with ms, s, m or h (500ms, 90s, 5m, 1h)"

    /// Reads the argument or says what is wrong with it (for `@Option(transform:)`).
    static func parse(_ text: String) throws -> DurationArgument {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        var number = trimmed, scale = 1.0
        if let (suffix, factor) = units.first(where: {
            trimmed.hasSuffix($0.0) && Double(trimmed.dropLast($0.0.count)) != nil
        }) {
            number = String(trimmed.dropLast(suffix.count))
            scale = factor
        }
        guard let value = Double(number), value.isFinite, value > 0 else {
            throw ValidationError("'\(text)' is not a duration; give \(syntax)")
        }
        return DurationArgument(seconds: value * scale)
    }
}
