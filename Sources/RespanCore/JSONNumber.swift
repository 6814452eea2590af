/// A JSON number kept as exact decimal text, so large integers and long decimals survive
/// a round trip without passing through `Double`.
///
/// The stored text is canonical: equal values written differently (`1.50`, `15e-1`) get the
/// same text, which is what makes spec digests stable across machines. Integers stay
/// integers (`7`), and non-integers written as floats keep a fractional part (`7.0`).
public struct JSONNumber: Hashable, Sendable, CustomStringConvertible {
    /// The canonical text of the number.
    public let text: String
    /// Whether the number was written as an integer (no fraction, no exponent).
    public let isInteger: Bool

    /// Parses a JSON number literal (`-12`, `0.5`, `6.02e23`); nil when it is not one.
    public init?(jsonLiteral text: String) {
        guard let decimal = DecimalText(parsing: text) else { return nil }
        let integral = !text.utf8.contains {
            $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E")
        }
        self.init(decimal: decimal, isInteger: integral)
    }

    /// An integer from its decimal digits (sign allowed, leading zeros and `+` dropped).
    public init?(integerDigits text: String) {
        guard let decimal = DecimalText(parsing: text), text.utf8.allSatisfy({ "+-0123456789".utf8.contains($0) })
        else { return nil }
        self.init(decimal: decimal, isInteger: true)
    }

    /// A float from decimal text (`.5`, `5.`, `+1e3` allowed), kept a float even when integral.
    public init?(floatText text: String) {
        guard let decimal = DecimalText(parsing: text) else { return nil }
        self.init(decimal: decimal, isInteger: false)
    }

    public init(_ value: Int) {
        self.text = String(value)
        self.isInteger = true
    }

    /// A floating-point value, written with the shortest digits that read back the same.
    public init?(_ value: Double) {
        guard value.isFinite, let decimal = DecimalText(parsing: "\(value)") else { return nil }
        self.init(decimal: decimal, isInteger: false)
    }

    /// An integer whose text is already canonical (the JSON reader checked its grammar).
    init(canonicalInteger text: String) {
        self.text = text
        self.isInteger = true
    }

    init(decimal: DecimalText, isInteger: Bool) {
        self.isInteger = isInteger && decimal.exponent >= 0
        self.text = self.isInteger ? decimal.integerText : decimal.floatText
    }

    public var description: String { text }

    /// The value as `Int`, when it is an integer that fits.
    public var intValue: Int? { isInteger ? Int(text) : nil }

    /// The value as `Double` (may round).
    public var doubleValue: Double { Double(text) ?? .nan }

    /// Whether two numbers have the same value, whatever their integer/float spelling.
    public func isNumericallyEqual(to other: JSONNumber) -> Bool {
        DecimalText(parsing: text) == DecimalText(parsing: other.text)
    }
}

/// A decimal number as sign, significant digits and a power-of-ten exponent.
struct DecimalText: Equatable {
    var negative: Bool
    /// Significant digits (ASCII bytes) without leading or trailing zeros; empty for zero.
    var digits: [UInt8]
    var exponent: Int

    /// The largest power of ten a number may reach (`1e1000000000`), far beyond any real
    /// value. The bound keeps all arithmetic on exponents from overflowing, and the canonical
    /// text of every accepted number parses again.
    static let maxExponent = 1_000_000_000

    /// Accepts `[-+]?digits[.digits][e[-+]digits]`, also `.5` and `5.` as YAML allows. Read
    /// as bytes: every float of a manifest passes here (as `Character`s it cost about 8,000
    /// instructions a number; bench/callgrind).
    init?(parsing text: String) {
        var bytes = Array(text.utf8)[...]
        var negative = false
        if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            negative = sign == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        let mantissaEnd = bytes.firstIndex { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") } ?? bytes.endIndex
        var exponent = 0
        if mantissaEnd != bytes.endIndex {
            let written = bytes[(mantissaEnd + 1)...].drop { $0 == UInt8(ascii: "+") }
            guard let value = Int(String(decoding: written, as: UTF8.self)), value.magnitude <= UInt(Int.max / 4)
            else { return nil }
            exponent = value
        }
        let mantissa = bytes[..<mantissaEnd]
        let point = mantissa.firstIndex(of: UInt8(ascii: "."))
        let whole = mantissa[..<(point ?? mantissa.endIndex)]
        let fraction = point.map { mantissa[($0 + 1)...] } ?? []
        let isDigit = { (byte: UInt8) in byte &- UInt8(ascii: "0") < 10 }
        guard whole.allSatisfy(isDigit), fraction.allSatisfy(isDigit), !(whole.isEmpty && fraction.isEmpty)
        else { return nil }
        var digits = Array(whole) + fraction
        exponent -= fraction.count
        let first = digits.firstIndex { $0 != UInt8(ascii: "0") } ?? digits.endIndex
        digits.removeFirst(first)
        while digits.last == UInt8(ascii: "0") {
            digits.removeLast()
            exponent += 1
        }
        if digits.isEmpty {
            exponent = 0
            negative = false
        }
        guard exponent.magnitude <= Self.maxExponent, (exponent + digits.count).magnitude <= Self.maxExponent
        else { return nil }
        self.negative = negative
        self.digits = digits
        self.exponent = exponent
    }

    private var sign: String { negative ? "-" : "" }

    var integerText: String {
        digits.isEmpty ? "0" : sign + Self.text(digits[...]) + String(repeating: "0", count: exponent)
    }

    /// Plain notation for moderate magnitudes, scientific beyond, always visibly a float.
    var floatText: String {
        if digits.isEmpty { return "0.0" }
        let point = digits.count + exponent
        let body: String
        if point > 0 && point <= 21 {
            if exponent >= 0 {
                body = Self.text(digits[...]) + String(repeating: "0", count: exponent) + ".0"
            } else {
                body = Self.text(digits[..<point]) + "." + Self.text(digits[point...])
            }
        } else if point <= 0 && point > -6 {
            body = "0." + String(repeating: "0", count: -point) + Self.text(digits[...])
        } else {
            let rest = digits.dropFirst()
            body = Self.text(digits[..<1]) + (rest.isEmpty ? "" : "." + Self.text(rest)) + "e\(point - 1)"
        }
        return sign + body
    }
}

extension DecimalText {
    fileprivate static func text(_ digits: ArraySlice<UInt8>) -> String { String(decoding: digits, as: UTF8.self) }
}
