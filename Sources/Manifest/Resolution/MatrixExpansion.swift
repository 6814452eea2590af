import RespanCore

/// One combination of matrix values and the stable key it gets.
struct MatrixInstance {
    var key: String
    var values: [String: YAMLNode]
}

/// Expands `matrix:` into one instance per combination of values.
///
/// Keys name the axes in sorted order (`sweep[model=gpt-4o,temperature=0.7]`), so reordering
/// axes or entries in the manifest never changes a key, and so never churns the lockfile.
enum MatrixExpansion {
    static let maxInstances = 10_000

    static func expand(base: String, matrix node: YAMLNode, diagnostics: inout DiagnosticList) -> [MatrixInstance]? {
        guard let pairs = node.mapping, !pairs.isEmpty else {
            diagnostics.error("'matrix' must be a mapping of axis names to lists of values", at: node.location)
            return nil
        }
        var axes: [(name: String, values: [YAMLNode])] = []
        for pair in pairs {
            guard let name = MappingReader.stringKey(pair.key, diagnostics: &diagnostics),
                !Vocabulary.isExtensionKey(name)
            else {
                continue
            }
            guard Vocabulary.isIdentifier(name) else {
                diagnostics.error(
                    "invalid matrix axis name '\(name)': use letters, digits, '_' and '-'", at: pair.key.location)
                return nil
            }
            guard let values = axisValues(pair.value, axis: name, diagnostics: &diagnostics) else { return nil }
            axes.append((name, values))
        }
        axes.sort { $0.name.unicodeScalars.lexicographicallyPrecedes($1.name.unicodeScalars) }
        let count = axes.reduce(1) { $0.multipliedReportingOverflow(by: $1.values.count).partialValue }
        guard count <= maxInstances, count > 0 else {
            diagnostics.error(
                "'matrix' expands to \(count) experiments; the limit is \(maxInstances)", at: node.location)
            return nil
        }
        return combinations(axes).map { instance(base: base, $0) }
    }

    private static func axisValues(_ node: YAMLNode, axis: String, diagnostics: inout DiagnosticList) -> [YAMLNode]? {
        guard let items = node.sequence, !items.isEmpty else {
            diagnostics.error("matrix axis '\(axis)' must be a non-empty list of values", at: node.location)
            return nil
        }
        var seen: [String: SourceLocation] = [:]
        for item in items {
            guard let text = Interpolation.spliceText(item) else {
                diagnostics.error("matrix values must be scalars, not \(item.kindName)", at: item.location)
                return nil
            }
            if let first = seen[text] {
                // Two equal values would give two experiments the same key.
                diagnostics.error(
                    "matrix axis '\(axis)' lists '\(text)' twice; experiment keys would repeat",
                    at: item.location, notes: [.init("first listed here", at: first)])
                return nil
            }
            seen[text] = item.location
        }
        return items
    }

    private static func combinations(_ axes: [(name: String, values: [YAMLNode])]) -> [[(String, YAMLNode)]] {
        axes.reduce([[]]) { partial, axis in
            partial.flatMap { prefix in axis.values.map { prefix + [(axis.name, $0)] } }
        }
    }

    /// `base[axis=value,…]`, written as bytes into one string (appending to a `String` piece
    /// by piece cost more than the rest of an instance).
    private static func instance(base: String, _ values: [(String, YAMLNode)]) -> MatrixInstance {
        var key: [UInt8] = []
        key.reserveCapacity(base.utf8.count + 2 + values.count * 24)
        key.append(contentsOf: base.utf8)
        key.append(UInt8(ascii: "["))
        var byAxis: [String: YAMLNode] = [:]
        byAxis.reserveCapacity(values.count)
        for (index, (axis, value)) in values.enumerated() {
            if index > 0 { key.append(UInt8(ascii: ",")) }
            key.append(contentsOf: axis.utf8)
            key.append(UInt8(ascii: "="))
            key.append(contentsOf: (Interpolation.spliceText(value) ?? "").utf8)
            byAxis[axis] = value
        }
        key.append(UInt8(ascii: "]"))
        return MatrixInstance(key: String(decoding: key, as: UTF8.self), values: byAxis)
    }
}
