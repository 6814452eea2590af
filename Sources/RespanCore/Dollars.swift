import Foundation

/// US dollars as every view writes them: "$0.0123" under a dollar, "$12.34" from one up, and
/// "<$0.0001" for a cost too small to show (never "$0.0000" for something that costs).
public enum Dollars {
    public static func text(_ value: Double) -> String {
        if value > 0 && value < 0.00005 { return "<$0.0001" }
        return "$" + String(format: value < 1 ? "%.4f" : "%.2f", value)
    }
}
