import RespanCore

/// A node of a composed YAML document. Every node keeps where it starts in its file.
///
/// Aliases are already replaced by the node they name and `<<` merge keys already applied,
/// so consumers never see either.
public struct YAMLNode: Sendable {
    public enum Content: Sendable {
        case scalar(YAMLScalar)
        case sequence([YAMLNode])
        case mapping([YAMLPair])
    }

    public var content: Content { didSet { hasExpression = Self.holdsExpression(content) } }
    /// Where the node starts. Kept as 32-bit line and column: a manifest holds many nodes,
    /// and this keeps one at 72 bytes (a whole `SourceLocation` would add 8).
    public var location: SourceLocation {
        get { SourceLocation(file: file, line: Int(line), column: Int(column)) }
        set {
            (file, line, column) = (newValue.file, UInt32(clamping: newValue.line), UInt32(clamping: newValue.column))
        }
    }
    private var file: String
    private var line: UInt32
    private var column: UInt32
    /// Whether a string scalar in this node (not counting keys) holds `${{`: interpolation
    /// passes over every other node untouched, without walking it.
    private(set) var hasExpression: Bool

    public init(_ content: Content, at location: SourceLocation) {
        self.content = content
        file = location.file
        line = UInt32(clamping: location.line)
        column = UInt32(clamping: location.column)
        hasExpression = Self.holdsExpression(content)
    }

    private static func holdsExpression(_ content: Content) -> Bool {
        switch content {
        case .scalar(let scalar):
            guard case .string(let text) = scalar.resolved else { return false }
            return text.holdsExpressionOpening
        case .sequence(let items): return items.contains { $0.hasExpression }
        case .mapping(let pairs): return pairs.contains { $0.value.hasExpression }
        }
    }

    public var scalar: YAMLScalar? {
        if case .scalar(let scalar) = content { return scalar }
        return nil
    }

    public var sequence: [YAMLNode]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    public var mapping: [YAMLPair]? {
        if case .mapping(let pairs) = content { return pairs }
        return nil
    }

    /// The key's text when this node is a scalar used as a mapping key.
    public var keyText: String? { scalar?.text }

    /// What kind of node this is, for messages ("expected a mapping, got a list").
    public var kindName: String {
        switch content {
        case .scalar(let scalar): scalar.resolved.typeName
        case .sequence: "a list"
        case .mapping: "a mapping"
        }
    }
}

/// A key and its value in a YAML mapping.
public struct YAMLPair: Sendable {
    public var key: YAMLNode
    public var value: YAMLNode

    public init(key: YAMLNode, value: YAMLNode) {
        self.key = key
        self.value = value
    }
}

extension String {
    /// Whether the text holds `${{`, found byte by byte.
    var holdsExpressionOpening: Bool {
        var text = self
        return text.withUTF8 { bytes in
            guard bytes.count >= 3 else { return false }
            let dollar = UInt8(ascii: "$"), brace = UInt8(ascii: "{")
            for index in 0..<(bytes.count - 2) where bytes[index] == dollar {
                if bytes[index + 1] == brace && bytes[index + 2] == brace { return true }
            }
            return false
        }
    }
}
