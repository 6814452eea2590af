import RespanCore

/// Collects a mapping's pairs, refusing duplicate keys and applying `<<` merge keys.
///
/// Explicit keys win over merged ones wherever they stand; among several merged mappings the
/// first that has a key wins (the YAML 1.1 merge-key rules).
struct MappingBuilder {
    private var pairs: [YAMLPair] = []
    private var index: [KeyIdentity: (key: YAMLScalar, location: SourceLocation)] = [:]
    private var merged: [YAMLPair] = []

    /// What makes two keys the same. A key has two: its YAML value (`1.0` and `1.00` are one
    /// number) and the JSON key it becomes, its text (`50256` and `"50256"` are both
    /// `"50256"`). Two keys that share either are duplicates: otherwise one value would
    /// silently replace the other when the mapping becomes JSON.
    private enum KeyIdentity: Hashable {
        case value(ResolvedScalar)
        case text(String)
    }

    mutating func add(_ pair: YAMLPair, diagnostics: inout DiagnosticList) {
        if isMergeKey(pair.key) {
            collectMerge(pair.value, diagnostics: &diagnostics)
            return
        }
        if let scalar = pair.key.scalar {
            let byValue = KeyIdentity.value(scalar.resolved), byText = KeyIdentity.text(scalar.text)
            if let first = index[byValue] ?? index[byText] {
                diagnostics.error(
                    "duplicate key '\(scalar.text)'" + Self.reason(scalar, first.key), at: pair.key.location,
                    notes: [.init("'\(first.key.text)' is first defined here", at: first.location)])
                return
            }
            index[byValue] = (scalar, pair.key.location)
            index[byText] = (scalar, pair.key.location)
        }
        pairs.append(pair)
    }

    /// Why two differently written keys are the same key.
    private static func reason(_ key: YAMLScalar, _ first: YAMLScalar) -> String {
        if key.text != first.text { return " (the same value as '\(first.text)')" }
        if key.resolved != first.resolved {
            return " (\(written(first)) and \(written(key)) become the same JSON key)"
        }
        return ""
    }

    private static func written(_ key: YAMLScalar) -> String {
        switch key.style {
        case .singleQuoted: "'\(key.text)'"
        case .doubleQuoted: "\"\(key.text)\""
        default: key.text
        }
    }

    mutating func finish() -> [YAMLPair] {
        for pair in merged {
            guard let scalar = pair.key.scalar else { continue }
            let byValue = KeyIdentity.value(scalar.resolved), byText = KeyIdentity.text(scalar.text)
            if index[byValue] == nil && index[byText] == nil {
                index[byValue] = (scalar, pair.key.location)
                index[byText] = (scalar, pair.key.location)
                pairs.append(pair)
            }
        }
        return pairs
    }

    private func isMergeKey(_ key: YAMLNode) -> Bool {
        guard let scalar = key.scalar, scalar.text == "<<" else { return false }
        return (scalar.tag == nil && scalar.style == .plain) || scalar.tag == ScalarResolution.tagPrefix + "merge"
    }

    private mutating func collectMerge(_ value: YAMLNode, diagnostics: inout DiagnosticList) {
        switch value.content {
        case .mapping(let source):
            merged.append(contentsOf: source)
        case .sequence(let sources):
            for source in sources {
                guard let pairs = source.mapping else {
                    diagnostics.error(
                        "a '<<' merge list holds mappings only, not \(source.kindName)", at: source.location)
                    continue
                }
                merged.append(contentsOf: pairs)
            }
        case .scalar:
            diagnostics.error("'<<' merges a mapping or a list of mappings, not \(value.kindName)", at: value.location)
        }
    }
}
