/// A duration as people write it, on the command line and in manifests alike: seconds (`90`,
/// `1.5`), or a number with a unit, `500ms`, `90s`, `5m`, `1h` (any case, spaces around ignored).
public enum DurationText {
    public static let syntax = "seconds (90), or a number with ms, s, m or h (500ms, 90s, 5m, 1h)"

    /// The duration in seconds, or nil when `text` is not one or is not above zero.
    public static func seconds(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        let (unit, scale) =
            units.first { trimmed.hasSuffix($0.0) && Double(trimmed.dropLast($0.0.count)) != nil } ?? ("", 1)
        guard let value = Double(trimmed.dropLast(unit.count)), value.isFinite, value > 0 else { return nil }
        return value * scale
    }
}
