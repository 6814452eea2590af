import Foundation
import RespanCore
import TestSupport
import Testing

@Suite struct BundledPricesTests {
    /// The text built into the binary is `pricing/prices.json` (rerun `scripts/embed-prices`).
    @Test func theEmbeddedListIsPricingPricesJSON() throws {
        let file = try String(
            contentsOf: Paths.packageRoot.appendingPathComponent("pricing/prices.json"), encoding: .utf8)
        let models = try #require(try JSONValue(parsing: file)["models"]?.objectValue)
        #expect(BundledPrices.models.count == models.count && !models.isEmpty)
        for (name, price) in models {
            #expect(BundledPrices.models[name]?.input == price["input"]?.numberValue?.doubleValue, "\(name)")
            #expect(BundledPrices.models[name]?.output == price["output"]?.numberValue?.doubleValue, "\(name)")
        }
        #expect(BundledPrices.price(of: "openai/gpt-4o-2024-08-06") == BundledPrices.models["gpt-4o"])
    }
}
