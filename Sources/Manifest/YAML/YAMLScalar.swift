import RespanCore

/// A scalar's text as written, how it was quoted, and its explicit tag if any.
///
/// Scalars are most of a manifest's nodes, so they are kept small (40 bytes; 56 with the tag and
/// the environment variable stored apart, more with the typed value stored whole): the typed
/// value is worked out once and stored as a tag (boxed only for numbers and the rare
/// invalid or non-finite values), and the rarely set tag and environment variable share one
/// optional reference.
public struct YAMLScalar: Sendable, Hashable {
    public enum Style: Sendable, Hashable {
        case plain, singleQuoted, doubleQuoted, literal, folded
    }

    public var text: String { didSet { resolve() } }
    public var style: Style { didSet { resolve() } }
    /// The resolved tag (`tag:yaml.org,2002:str` for `!!str`), `!` for the non-specific tag.
    public var tag: String? {
        get { extras?.tag }
        set {
            extras = Extras.make(tag: newValue, environmentVariable: environmentVariable)
            resolve()
        }
    }
    /// The environment variable whose value this scalar is (`${{ env.X }}` as a whole value).
    /// Such a scalar is plain: typed like one where a number or boolean is needed, and its
    /// text as it is where text is.
    public var environmentVariable: String? {
        get { extras?.environmentVariable }
        set { extras = Extras.make(tag: tag, environmentVariable: newValue) }
    }
    private var extras: Extras?
    private var kind: Kind

    public init(_ text: String, style: Style = .plain, tag: String? = nil, environmentVariable: String? = nil) {
        self.text = text
        self.style = style
        extras = Extras.make(tag: tag, environmentVariable: environmentVariable)
        kind = Kind(ScalarResolution.resolve(text, style: style, tag: tag), text: text)
    }

    private mutating func resolve() { kind = Kind(ScalarResolution.resolve(text, style: style, tag: tag), text: text) }

    /// The scalar's value under the YAML 1.2 core schema (see `ScalarResolution`), worked out
    /// once when the scalar is made or changed: decoders read it many times.
    public var resolved: ResolvedScalar {
        switch kind {
        case .string: .string(text)
        case .null: .null
        case .bool(let value): .bool(value)
        case .other(let box): box.value
        }
    }

    /// What the scalar says where a field is text: a string's value, a plain scalar's text
    /// exactly as written (`3.10`, `02134`, `0x1F`, `1:30`, `true`), an environment value as
    /// it is; nil for a null, or for a scalar an explicit tag makes something else (`!!int 5`).
    ///
    /// Text fields never re-type what the user wrote: `3.10` stays `3.10`, never `3.1`.
    public var textValue: String? {
        if extras?.environmentVariable != nil { return text }
        switch kind {
        case .string: return text
        case .null: return nil
        case .bool: return tag == nil && style == .plain ? text : nil
        case .other(let box):
            switch box.value {
            case .string(let value): return value
            case .null, .invalid: return nil
            case .bool, .number, .nonFinite: return tag == nil && style == .plain ? text : nil
            }
        }
    }

    /// Whether two scalars have the same typed value: `resolved == other.resolved`, without
    /// building either (duplicate keys are looked for this way in every mapping).
    func hasSameValue(as other: YAMLScalar) -> Bool {
        switch (kind, other.kind) {
        case (.string, .string): text == other.text
        case (.null, .null): true
        case (.bool(let value), .bool(let otherValue)): value == otherValue
        case (.other(let box), .other(let otherBox)): box.value == otherBox.value
        default: false
        }
    }

    public static func == (lhs: YAMLScalar, rhs: YAMLScalar) -> Bool {
        lhs.text == rhs.text && lhs.style == rhs.style && lhs.tag == rhs.tag
            && lhs.environmentVariable == rhs.environmentVariable
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(text)
        hasher.combine(style)
        hasher.combine(tag)
        hasher.combine(environmentVariable)
    }

    /// The resolved value, without repeating the text a string already holds.
    private enum Kind: Sendable {
        case string
        case null
        case bool(Bool)
        case other(Box)

        init(_ value: ResolvedScalar, text: String) {
            switch value {
            case .string(let string) where string == text: self = .string
            case .null: self = .null
            case .bool(let bool): self = .bool(bool)
            default: self = .other(Box(value))
            }
        }
    }

    private final class Box: Sendable {
        let value: ResolvedScalar
        init(_ value: ResolvedScalar) { self.value = value }
    }

    /// The tag and the environment variable, set on few scalars.
    private final class Extras: Sendable {
        let tag: String?
        let environmentVariable: String?

        init(tag: String?, environmentVariable: String?) {
            self.tag = tag
            self.environmentVariable = environmentVariable
        }

        static func make(tag: String?, environmentVariable: String?) -> Extras? {
            tag == nil && environmentVariable == nil ? nil : Extras(tag: tag, environmentVariable: environmentVariable)
        }
    }
}
