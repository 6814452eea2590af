import Foundation

/// Numbers as the results views print them: at most four decimals, no trailing zeros.
public enum Format {
    public static func number(_ value: Double) -> String {
        guard value.isFinite else { return "\(value)" }
        var text = String(format: "%.4f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }

    public static func signed(_ value: Double) -> String {
        (value > 0 ? "+" : "") + number(value)
    }
}
