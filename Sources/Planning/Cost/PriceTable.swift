import Foundation
import Lockfiles
import Manifest
import RespanCore

/// Model → price per 1,000,000 tokens: the table bundled from `pricing/prices.json`, with the
/// manifest's `pricing:` laid over it.
public struct PriceTable: Sendable {
    public var models: [String: ModelPrice]
    /// When the bundled prices were last checked against the providers' lists.
    public var checked: String

    /// The bundled table (empty, never a crash, if the embedded copy were unreadable: every
    /// model is then "price unknown").
    public static let bundled: PriceTable = {
        guard let document = try? JSONValue(parsing: bundledJSON) else { return PriceTable(models: [:], checked: "") }
        var models: [String: ModelPrice] = [:]
        for (name, price) in document["models"]?.objectValue ?? [:] {
            guard let input = price["input"]?.numberValue?.doubleValue,
                let output = price["output"]?.numberValue?.doubleValue
            else { continue }
            models[name] = ModelPrice(input: input, output: output)
        }
        return PriceTable(models: models, checked: document["checked"]?.stringValue ?? "")
    }()

    public func overridden(by manifest: [String: ModelPrice]) -> PriceTable {
        PriceTable(models: models.merging(manifest) { $1 }, checked: checked)
    }

    /// The price of `model`, also under a provider prefix (`openai/gpt-4o`) or a dated name
    /// (`gpt-4o-2024-08-06`).
    public func price(of model: String) -> ModelPrice? {
        if let exact = models[model] { return exact }
        let bare = model.split(separator: "/").last.map(String.init) ?? model
        if let price = models[bare] { return price }
        let undated = bare.replacingOccurrences(of: #"-\d{4}-\d{2}-\d{2}$"#, with: "", options: .regularExpression)
        return models[undated]
    }
}
