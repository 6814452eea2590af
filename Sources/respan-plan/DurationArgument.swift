import ArgumentParser
import Foundation
import RespanCore

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

    static let syntax = DurationText.syntax

    /// Reads the argument or says what is wrong with it (for `@Option(transform:)`).
    static func parse(_ text: String) throws -> DurationArgument {
        guard let seconds = DurationText.seconds(text) else {
            throw ValidationError("'\(text)' is not a duration; give \(syntax)")
        }
        return DurationArgument(seconds: seconds)
    }
}
