import RespanCore

extension YAMLNode {
    /// The node as JSON, with a located error for what JSON cannot hold (non-finite
    /// numbers, values that do not fit their explicit tag, mappings or lists used as keys).
    public func jsonValue(diagnostics: inout DiagnosticList) -> JSONValue? {
        jsonValue(skippingExtensionKeys: false, diagnostics: &diagnostics)
    }

    /// The JSON value; with `skippingExtensionKeys`, `x-` keys at any depth are left out (they
    /// are a home for anchors, never data).
    func jsonValue(skippingExtensionKeys skipping: Bool, diagnostics: inout DiagnosticList) -> JSONValue? {
        switch content {
        case .scalar(let scalar):
            return scalar.jsonValue(at: location, diagnostics: &diagnostics)
        case .sequence(let items):
            var values: [JSONValue] = []
            values.reserveCapacity(items.count)
            var ok = true
            for item in items {
                if let value = item.jsonValue(skippingExtensionKeys: skipping, diagnostics: &diagnostics) {
                    values.append(value)
                } else {
                    ok = false
                }
            }
            return ok ? .array(values) : nil
        case .mapping(let pairs):
            var members: [String: JSONValue] = [:]
            members.reserveCapacity(pairs.count)
            var ok = true
            // By index: copying a pair out of the array costs more than reading it in place.
            for index in pairs.indices {
                guard let key = pairs[index].key.keyText else {
                    let keyNode = pairs[index].key
                    diagnostics.error("a key must be a scalar, not \(keyNode.kindName)", at: keyNode.location)
                    ok = false
                    continue
                }
                if skipping && Vocabulary.isExtensionKey(key) { continue }
                if let value = pairs[index].value.jsonValue(skippingExtensionKeys: skipping, diagnostics: &diagnostics)
                {
                    members[key] = value
                } else {
                    ok = false
                }
            }
            return ok ? .object(members) : nil
        }
    }
}

extension YAMLScalar {
    func jsonValue(at location: SourceLocation, diagnostics: inout DiagnosticList) -> JSONValue? {
        switch resolved {
        case .null: return .null
        case .bool(let value): return .bool(value)
        case .number(let value): return .number(value)
        case .string(let value): return .string(value)
        case .nonFinite(let text):
            diagnostics.error("'\(text)' cannot be represented in JSON; quote it to send a string", at: location)
            return nil
        case .invalid(let reason):
            diagnostics.error(reason, at: location)
            return nil
        }
    }
}
