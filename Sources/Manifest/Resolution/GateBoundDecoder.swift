import RespanCore

/// One gate condition's bound: a number (`min_mean: 0.8`), or a statistical bound
/// (`min_mean: { value: 0.8, confidence: 0.95 }`) checked against a bootstrap confidence interval.
struct GateBound {
    var value: Double
    /// In (0, 1); nil for the plain form.
    var confidence: Double?

    static let keys = ["value", "confidence"]

    static func decode(_ node: YAMLNode, key: String, diagnostics: inout DiagnosticList) -> GateBound? {
        guard node.mapping != nil else {
            return node.number("'\(key)'", diagnostics: &diagnostics).map { GateBound(value: $0, confidence: nil) }
        }
        guard let reader = MappingReader(node, "'\(key)'", allowed: keys, diagnostics: &diagnostics) else { return nil }
        guard let valueNode = reader["value"] else {
            diagnostics.error("'\(key)' needs a 'value' (and a 'confidence' from 0 to 1, exclusive)", at: node.location)
            return nil
        }
        guard let value = valueNode.number("'\(key).value'", diagnostics: &diagnostics) else { return nil }
        guard let confidenceNode = reader["confidence"] else { return GateBound(value: value, confidence: nil) }
        guard let confidence = confidenceNode.number("'\(key).confidence'", diagnostics: &diagnostics) else {
            return nil
        }
        guard confidence > 0 && confidence < 1 else {
            diagnostics.error(
                "'\(key).confidence' is a probability between 0 and 1 (exclusive), such as 0.95; got \(confidence)",
                at: confidenceNode.location)
            return nil
        }
        return GateBound(value: value, confidence: confidence)
    }
}
