import RespanCore

/// Collects a mapping's pairs, refusing duplicate keys and applying `<<` merge keys.
///
/// Explicit keys win over merged ones wherever they stand; among several merged mappings the
/// first that has a key wins (the YAML 1.1 merge-key rules).
struct MappingBuilder {
    private var pairs: [YAMLPair] = []
    /// Position in `pairs` of each key identity, built once a mapping has `indexedFrom` keys;
    /// smaller mappings (nearly all) are searched in order, which is faster than hashing.
    private var index: [KeyIdentity: Int]?
    private var merged: [YAMLPair] = []
    private static let indexedFrom = 16

    /// What makes two keys the same. A key has two: its YAML value (`1.0` and `1.00` are one
    /// number) and the JSON key it becomes, its text (`50256` and `"50256"` are both
    /// `"50256"`). Two keys that share either are duplicates: otherwise one value would
    /// silently replace the other when the mapping becomes JSON.
    private enum KeyIdentity: Hashable {
        case value(ResolvedScalar)
        case text(String)
    }

    /// Takes `pair` over (`consuming`: it is moved into the mapping, not copied, as most are).
    mutating func add(_ pair: consuming YAMLPair, diagnostics: inout DiagnosticList) {
        if isMergeKey(pair.key) {
            collectMerge(pair.value, diagnostics: &diagnostics)
            return
        }
        if let scalar = pair.key.scalar, let first = firstKey(like: scalar) {
            diagnostics.error(
                "duplicate key '\(scalar.text)'" + Self.reason(scalar, first.scalar ?? scalar), at: pair.key.location,
                notes: [.init("'\(first.scalar?.text ?? "")' is first defined here", at: first.location)])
            return
        }
        append(pair)
    }

    /// The earlier key with the same value, else the earlier key with the same text.
    private func firstKey(like scalar: YAMLScalar) -> YAMLNode? {
        if let index {
            return (index[.value(scalar.resolved)] ?? index[.text(scalar.text)]).map { pairs[$0].key }
        }
        var sameText: Int?
        for index in pairs.indices {
            guard case .scalar(let key) = pairs[index].key.content else { continue }
            if key.hasSameValue(as: scalar) { return pairs[index].key }
            if sameText == nil && key.text == scalar.text { sameText = index }
        }
        return sameText.map { pairs[$0].key }
    }

    private mutating func append(_ pair: consuming YAMLPair) {
        pairs.append(pair)
        if index != nil {
            register(pairs.count - 1)
        } else if pairs.count == Self.indexedFrom {
            index = [:]
            for position in pairs.indices { register(position) }
        }
    }

    /// Indexes the key at `position` under both identities, the first key keeping each.
    private mutating func register(_ position: Int) {
        guard let scalar = pairs[position].key.scalar else { return }
        if index?[.value(scalar.resolved)] == nil { index?[.value(scalar.resolved)] = position }
        if index?[.text(scalar.text)] == nil { index?[.text(scalar.text)] = position }
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
            guard let scalar = pair.key.scalar, firstKey(like: scalar) == nil else { continue }
            append(pair)
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
