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
        switch scalar.tag {
        case nil:
            return scalar.style == .plain ? resolvePlain(scalar.text) : .string(scalar.text)
        case tagPrefix + "str", "!":
            return .string(scalar.text)
        case tagPrefix + "null":
            return isNull(scalar.text) ? .null : .invalid("'\(scalar.text)' is not a null")
        case tagPrefix + "bool":
            return bool(scalar.text).map(ResolvedScalar.bool) ?? .invalid("'\(scalar.text)' is not a boolean")
        case tagPrefix + "int":
            return integer(scalar.text).map(ResolvedScalar.number) ?? .invalid("'\(scalar.text)' is not an integer")
        case tagPrefix + "float":
            return resolveFloat(scalar.text) ?? .invalid("'\(scalar.text)' is not a float")
        default:
            // Application tags (`!foo`) carry no meaning for respan-plan: keep the text.
            return .string(scalar.text)
        }
    }

    static func resolvePlain(_ text: String) -> ResolvedScalar {
        if isNull(text) { return .null }
        if let value = bool(text) { return .bool(value) }
        if let value = integer(text) { return .number(value) }
        return resolveFloat(text) ?? .string(text)
    }

    static func isNull(_ text: String) -> Bool {
        ["", "~", "null", "Null", "NULL"].contains(text)
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
        if text.hasPrefix("0o"), let digits = BigDigits(text.dropFirst(2), radix: 8) {
            return JSONNumber(integerDigits: digits.decimalText)
        }
        if text.hasPrefix("0x"), let digits = BigDigits(text.dropFirst(2), radix: 16) {
            return JSONNumber(integerDigits: digits.decimalText)
        }
        var body = Substring(text)
        if body.first == "-" || body.first == "+" { body = body.dropFirst() }
        guard !body.isEmpty, body.allSatisfy(\.isWholeNumberDigit) else { return nil }
        return JSONNumber(integerDigits: text)
    }

    /// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, and `.inf`/`.nan` forms.
    static func resolveFloat(_ text: String) -> ResolvedScalar? {
        if [".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN"]
            .contains(text)
        {
            return .nonFinite(text)
        }
        guard isCoreFloat(text), let number = JSONNumber(floatText: text) else { return nil }
        return .number(number)
    }

    private static func isCoreFloat(_ text: String) -> Bool {
        var chars = Substring(text)
        if chars.first == "-" || chars.first == "+" { chars = chars.dropFirst() }
        let whole = chars.prefix(while: \.isWholeNumberDigit)
        chars = chars.dropFirst(whole.count)
        var fraction: Substring = ""
        if chars.first == "." {
            chars = chars.dropFirst()
            fraction = chars.prefix(while: \.isWholeNumberDigit)
            chars = chars.dropFirst(fraction.count)
        } else if whole.isEmpty {
            return false
        }
        guard !(whole.isEmpty && fraction.isEmpty) else { return false }
        if chars.first == "e" || chars.first == "E" {
            chars = chars.dropFirst()
            if chars.first == "-" || chars.first == "+" { chars = chars.dropFirst() }
            let exponent = chars.prefix(while: \.isWholeNumberDigit)
            guard !exponent.isEmpty else { return false }
            chars = chars.dropFirst(exponent.count)
        }
        return chars.isEmpty
    }
}

extension Character {
    fileprivate var isWholeNumberDigit: Bool { ("0"..."9").contains(self) }
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
