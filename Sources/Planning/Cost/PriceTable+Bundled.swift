import Manifest
import RespanCore

extension PriceTable {
    /// The bundled table (`pricing/prices.json`, built into RespanCore as `BundledPrices`, which
    /// the sandbox reads too); every model is "price unknown" if it were unreadable.
    public static let bundled = PriceTable(
        models: BundledPrices.models.mapValues { ModelPrice(input: $0.input, output: $0.output) },
        checked: BundledPrices.checked)
}
