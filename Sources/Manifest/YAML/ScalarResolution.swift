import RespanCore

/// A scalar's typed value.
public enum ResolvedScalar: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    /// `.inf`, `-.inf` or `.nan`: valid YAML, but not representable in JSON.
    case nonFinite(String)
    /// An explicit tag the text does not fit (`!!int abc`).
    case invalid(String)

    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .nonFinite: "a non-finite number"
        case .invalid: "an invalid value"
        }
    }
}

/// The YAML 1.2 core schema, which respan-plan uses for every manifest.
///
/// Only plain (unquoted) scalars are resolved; quoted and block scalars are strings. Under
/// this schema `yes`, `no`, `on` and `off` are strings, not booleans as in YAML 1.1, and
/// `0777` is the decimal 777 (octal is written `0o777`).
public enum ScalarResolution {
    static let tagPrefix = "tag:yaml.org,2002:"

    public static func resolve(_ scalar: YAMLScalar) -> ResolvedScalar {
        resolve(scalar.text, style: scalar.style, tag: scalar.tag)
    }

    /// What `YAMLScalar` computes once, when it is made: every read of `resolved` after that
    /// is a copy, not a new parse.
    static func resolve(_ text: String, style: YAMLScalar.Style, tag: String?) -> ResolvedScalar {
        guard let tag else { return style == .plain ? resolvePlain(text) : .string(text) }
        switch tag {
        case tagPrefix + "str", "!":
            return .string(text)
        case tagPrefix + "null":
            return isNull(text) ? .null : .invalid("'\(text)' is not a null")
        case tagPrefix + "bool":
            return bool(text).map(ResolvedScalar.bool) ?? .invalid("'\(text)' is not a boolean")
        case tagPrefix + "int":
            return integer(text).map(ResolvedScalar.number) ?? .invalid("'\(text)' is not an integer")
        case tagPrefix + "float":
            return resolveFloat(text) ?? .invalid("'\(text)' is not a float")
        default:
            // Application tags (`!foo`) carry no meaning for respan-plan: keep the text.
            return .string(text)
        }
    }

    static func resolvePlain(_ text: String) -> ResolvedScalar {
        // Most plain scalars are words: the first byte tells which forms are possible at all.
        switch text.utf8.first {
        case nil, UInt8(ascii: "~"), UInt8(ascii: "n"), UInt8(ascii: "N"):
            return isNull(text) ? .null : .string(text)
        case UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "f"), UInt8(ascii: "F"):
            return bool(text).map(ResolvedScalar.bool) ?? .string(text)
        case let first? where ScalarBytes.mayStartNumber(first):
            if let value = integer(text) { return .number(value) }
            return resolveFloat(text) ?? .string(text)
        default:
            return .string(text)
        }
    }

    static func isNull(_ text: String) -> Bool {
        switch text {
        case "", "~", "null", "Null", "NULL": true
        default: false
        }
    }

    static func bool(_ text: String) -> Bool? {
        switch text {
        case "true", "True", "TRUE": true
        case "false", "False", "FALSE": false
        default: nil
        }
    }

    /// `[-+]?[0-9]+`, `0o[0-7]+`, `0x[0-9a-fA-F]+`, exact at any size.
    static func integer(_ text: String) -> JSONNumber? {
        let bytes = text.utf8
        if bytes.starts(with: "0o".utf8), let digits = BigDigits(text.dropFirst(2), radix: 8) {
            return JSONNumber(integerDigits: digits.decimalText)
        }
        if bytes.starts(with: "0x".utf8), let digits = BigDigits(text.dropFirst(2), radix: 16) {
            return JSONNumber(integerDigits: digits.decimalText)
        }
        let signed = bytes.first == ScalarBytes.minus || bytes.first == ScalarBytes.plus
        let body = bytes.dropFirst(signed ? 1 : 0)
        guard !body.isEmpty, body.allSatisfy(ScalarBytes.isDigit) else { return nil }
        // An Int's own text is canonical: no `+`, no leading zeros (the common case, without a parse).
        if bytes.first != ScalarBytes.plus, body.count < 19, body.first != ScalarBytes.zero || body.count == 1,
            let value = Int(text)
        {
            return JSONNumber(value)
        }
        return JSONNumber(integerDigits: text)
    }

    /// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, and `.inf`/`.nan` forms.
    static func resolveFloat(_ text: String) -> ResolvedScalar? {
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN":
            return .nonFinite(text)
        default:
            guard isCoreFloat(text), let number = JSONNumber(floatText: text) else { return nil }
            return .number(number)
        }
    }

    private static func isCoreFloat(_ text: String) -> Bool {
        var bytes = Substring(text).utf8[...]
        if bytes.first == ScalarBytes.minus || bytes.first == ScalarBytes.plus { bytes = bytes.dropFirst() }
        let whole = bytes.prefix(while: ScalarBytes.isDigit)
        bytes = bytes.dropFirst(whole.count)
        var fractionCount = 0
        if bytes.first == ScalarBytes.point {
            bytes = bytes.dropFirst()
            fractionCount = bytes.prefix(while: ScalarBytes.isDigit).count
            bytes = bytes.dropFirst(fractionCount)
        } else if whole.isEmpty {
            return false
        }
        guard !(whole.isEmpty && fractionCount == 0) else { return false }
        if bytes.first == UInt8(ascii: "e") || bytes.first == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if bytes.first == ScalarBytes.minus || bytes.first == ScalarBytes.plus { bytes = bytes.dropFirst() }
            let exponent = bytes.prefix(while: ScalarBytes.isDigit)
            guard !exponent.isEmpty else { return false }
            bytes = bytes.dropFirst(exponent.count)
        }
        return bytes.isEmpty
    }
}

/// ASCII classes for reading scalars byte by byte (digits are ASCII digits only).
enum ScalarBytes {
    static let minus = UInt8(ascii: "-"), plus = UInt8(ascii: "+"), point = UInt8(ascii: "."), zero = UInt8(ascii: "0")

    static func isDigit(_ byte: UInt8) -> Bool { byte &- zero < 10 }

    /// Whether a plain scalar starting with `byte` may be a number (or `.inf`/`.nan`).
    static func mayStartNumber(_ byte: UInt8) -> Bool {
        isDigit(byte) || byte == minus || byte == plus || byte == point
    }
}

/// Converts hex and octal integers of any length to decimal digits.
struct BigDigits {
    /// Little-endian limbs in base 10^9.
    private var limbs: [UInt64] = [0]

    init?(_ text: Substring, radix: UInt64) {
        guard !text.isEmpty else { return nil }
        for char in text {
            guard let digit = char.hexDigitValue, UInt64(digit) < radix else { return nil }
            var carry = UInt64(digit)
            for i in limbs.indices {
                let value = limbs[i] * radix + carry
                limbs[i] = value % 1_000_000_000
                carry = value / 1_000_000_000
            }
            while carry > 0 {
                limbs.append(carry % 1_000_000_000)
                carry /= 1_000_000_000
            }
        }
    }

    var decimalText: String {
        var text = String(limbs.last ?? 0)
        for limb in limbs.dropLast().reversed() {
            let part = String(limb)
            text += String(repeating: "0", count: 9 - part.count) + part
        }
        return text
    }
}
