import RespanCore

/// Collects a mapping's pairs, refusing duplicate keys and applying `<<` merge keys.
///
/// Explicit keys win over merged ones wherever they stand; among several merged mappings the
/// first that has a key wins (the YAML 1.1 merge-key rules).
struct MappingBuilder {
    private var pairs: [YAMLPair] = []
    private var index: [KeyIdentity: SourceLocation] = [:]
    private var merged: [YAMLPair] = []

    /// What makes two keys the same: their resolved value, so `1` and `"1"` differ.
    private enum KeyIdentity: Hashable {
        case scalar(ResolvedScalar)
    }

    mutating func add(_ pair: YAMLPair, diagnostics: inout DiagnosticList) {
        if isMergeKey(pair.key) {
            collectMerge(pair.value, diagnostics: &diagnostics)
            return
        }
        if let scalar = pair.key.scalar {
            let identity = KeyIdentity.scalar(scalar.resolved)
            if let first = index[identity] {
                diagnostics.error(
                    "duplicate key '\(scalar.text)'", at: pair.key.location,
                    notes: [.init("'\(scalar.text)' is first defined here", at: first)])
                return
            }
            index[identity] = pair.key.location
        }
        pairs.append(pair)
    }

    mutating func finish() -> [YAMLPair] {
        for pair in merged {
            guard let scalar = pair.key.scalar else { continue }
            let identity = KeyIdentity.scalar(scalar.resolved)
            if index[identity] == nil {
                index[identity] = pair.key.location
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
