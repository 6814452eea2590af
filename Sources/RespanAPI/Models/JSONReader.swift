import RespanCore

/// Tolerant field access for responses: unknown fields ignored, missing ones nil, ids
/// accepted as strings or numbers, numbers of any form.
struct JSONReader {
    let value: JSONValue

    init(_ value: JSONValue) { self.value = value }

    /// An opaque id: a string, or a number written as text.
    func id(_ key: String) -> String? {
        switch value[key] {
        case .string(let text)?: text
        case .number(let number)?: number.text
        default: nil
        }
    }

    func string(_ key: String) -> String? { value[key]?.stringValue }
    func double(_ key: String) -> Double? { value[key]?.numberValue?.doubleValue }
    func int(_ key: String) -> Int? {
        value[key]?.numberValue.flatMap { $0.intValue ?? Int(exactly: $0.doubleValue.rounded()) }
    }
    func bool(_ key: String) -> Bool? { value[key]?.boolValue }

    func strings(_ key: String) -> [String]? {
        value[key]?.arrayValue?.compactMap { $0.stringValue ?? $0.numberValue?.text }
    }

    func object(_ key: String) -> JSONValue? {
        guard let found = value[key], found != .null else { return nil }
        return found
    }
}
