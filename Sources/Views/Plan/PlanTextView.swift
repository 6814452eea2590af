import Applying
import Lockfiles
import Planning
import RespanCore
import Results

/// The Terraform-like text view: `+`, `~`, `-/+`, `-`, and nested changes as paths
/// (`workflow[0].config.model: "gpt-4o-mini" → "gpt-4o"`) with unchanged values counted.
public struct PlanTextView: OutputView {
    /// Whether to colour the change symbols with ANSI escapes: green `+`, yellow `~`, red `-`,
    /// magenta `-/+`. The caller decides (a terminal, and `NO_COLOR` unset).
    public var colors: Bool
    /// Every change listed, however many (`--verbose`); otherwise a plan of more than
    /// `listLimit` changes is summarised by action and key pattern.
    public var verbose: Bool
    public static let listLimit = 50

    public init(colors: Bool = false, verbose: Bool = false) {
        self.colors = colors
        self.verbose = verbose
    }

    public func render(_ plan: Plan) -> String {
        PlanLine.lines(for: plan, limit: verbose ? nil : Self.listLimit).map(layout).joined(separator: "\n") + "\n"
    }

    private func layout(_ line: PlanLine) -> String {
        let indent = String(repeating: " ", count: line.indent)
        guard let symbol = line.symbol else { return line.text.isEmpty ? "" : indent + line.text }
        return indent + paint(symbol) + " " + line.text
    }

    private func paint(_ symbol: PlanSymbol) -> String {
        guard colors else { return symbol.rawValue }
        let code: String
        switch symbol {
        case .create: code = "32"
        case .update: code = "33"
        case .delete: code = "31"
        case .replace: code = "35"
        case .adopt, .forget: code = "36"
        }
        return "\u{1B}[\(code)m\(symbol.rawValue)\u{1B}[0m"
    }
}
