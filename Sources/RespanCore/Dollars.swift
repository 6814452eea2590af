import Foundation

/// US dollars as every view writes them: "$0.0123" under a dollar, "$12.34" from one up.
public enum Dollars {
    public static func text(_ value: Double) -> String {
        "$" + String(format: value < 1 ? "%.4f" : "%.2f", value)
    }
}
