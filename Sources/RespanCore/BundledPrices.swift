import Foundation

/// The model price list built into the binary from `pricing/prices.json` (the text is in
/// `BundledPrices+JSON.swift`, written by `scripts/embed-prices`). The plan's cost estimate
/// (Planning's `PriceTable`) and the sandbox's simulated costs both read it, so what a run
/// costs in the sandbox follows the model's price the estimate uses.
public enum BundledPrices {
    /// US dollars per 1,000,000 tokens.
    public struct Price: Sendable, Equatable {
        public var input: Double
        public var output: Double

        public init(input: Double, output: Double) {
            self.input = input
            self.output = output
        }
    }

    /// Model → price; empty (never a crash) if the embedded text were unreadable.
    public static let models: [String: Price] = {
        var models: [String: Price] = [:]
        for (name, price) in document?["models"]?.objectValue ?? [:] {
            guard let input = price["input"]?.numberValue?.doubleValue,
                let output = price["output"]?.numberValue?.doubleValue
            else { continue }
            models[name] = Price(input: input, output: output)
        }
        return models
    }()

    /// When the prices were last checked against the providers' lists (`2025-06-01`).
    public static let checked = document?["checked"]?.stringValue ?? ""

    private static let document = try? JSONValue(parsing: json)

    /// The names `model` is looked up by, in order: as written, without a provider prefix
    /// (`openai/gpt-4o`), and without a date suffix (`gpt-4o-2024-08-06`, `claude-3-7-sonnet-20250219`, `claude-3-5-haiku-latest`).
    public static func names(for model: String) -> [String] {
        let bare = model.split(separator: "/").last.map(String.init) ?? model
        // OpenAI dates as `-2024-08-06`, Anthropic as `-20250219`; `-latest` names the newest.
        let undated = bare.replacingOccurrences(
            of: #"-(\d{4}-\d{2}-\d{2}|\d{8}|latest)$"#, with: "", options: .regularExpression)
        return [model, bare, undated]
    }

    /// The bundled price of `model`, by `names(for:)`.
    public static func price(of model: String) -> Price? {
        names(for: model).lazy.compactMap { models[$0] }.first
    }
}
