import RespanCore

/// A model's price in US dollars per 1,000,000 tokens, from the bundled price table or the
/// manifest's `pricing:` (which wins, for private or fine-tuned models).
public struct ModelPrice: Sendable, Equatable {
    public var input: Double
    public var output: Double
    /// Where the manifest sets it; nil for the bundled table.
    public var location: SourceLocation?

    public init(input: Double, output: Double, location: SourceLocation? = nil) {
        self.input = input
        self.output = output
        self.location = location
    }
}

/// `pricing: { MODEL: { input: 2.5, output: 10 } }` at the root of a manifest.
enum PricingDecoder {
    static func decode(_ node: YAMLNode?, diagnostics: inout DiagnosticList) -> [String: ModelPrice] {
        guard let node else { return [:] }
        guard let pairs = node.mapping else {
            diagnostics.error(
                Message.expected("a mapping of model names", for: "'pricing'", got: node), at: node.location)
            return [:]
        }
        var prices: [String: ModelPrice] = [:]
        for pair in pairs {
            guard let model = MappingReader.stringKey(pair.key, diagnostics: &diagnostics),
                !Vocabulary.isExtensionKey(model)
            else {
                continue
            }
            let what = "the price of '\(model)'"
            guard let reader = MappingReader(pair.value, what, allowed: ["input", "output"], diagnostics: &diagnostics)
            else { continue }
            func price(_ key: String) -> Double? {
                guard let value = reader.required(key, in: what, diagnostics: &diagnostics) else { return nil }
                guard let number = value.number("'\(key)'", diagnostics: &diagnostics) else { return nil }
                guard number >= 0, number.isFinite else {
                    diagnostics.error(
                        "'\(key)' is US dollars per 1,000,000 tokens and cannot be negative; got \(number)",
                        at: value.location)
                    return nil
                }
                return number
            }
            if let input = price("input"), let output = price("output") {
                prices[model] = ModelPrice(input: input, output: output, location: pair.key.location)
            }
        }
        return prices
    }
}
