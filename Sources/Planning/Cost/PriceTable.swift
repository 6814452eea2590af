import Manifest
import RespanCore

/// Model → price per 1,000,000 tokens: the table bundled from `pricing/prices.json`, with the
/// manifest's `pricing:` laid over it.
public struct PriceTable: Sendable {
    public var models: [String: ModelPrice]
    /// When the bundled prices were last checked against the providers' lists.
    public var checked: String

    public func overridden(by manifest: [String: ModelPrice]) -> PriceTable {
        PriceTable(models: models.merging(manifest) { $1 }, checked: checked)
    }

    /// The price of `model`, also under a provider prefix (`openai/gpt-4o`) or a dated name
    /// (`gpt-4o-2024-08-06`).
    public func price(of model: String) -> ModelPrice? {
        BundledPrices.names(for: model).lazy.compactMap { models[$0] }.first
    }
}
