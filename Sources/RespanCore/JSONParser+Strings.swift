extension JSONParser {
    /// Reads a string starting at its opening quote. Strings without escapes (nearly all of
    /// them) are validated and copied once, straight from the input.
    mutating func parseString() throws(JSONParseError) -> String {
        index += 1
        let start = index
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\""):
                let text = try validated(bytes[start..<index], at: start)
                index += 1
                return text
            case UInt8(ascii: "\\"): return try parseEscapedString(from: start)
            case 0..<0x20: throw fail("control character in a string; write it as a \\u escape")
            default: index += 1
            }
        }
        throw fail("unterminated string", at: start - 1)
    }

    /// The rest of a string holding escapes, collected as UTF-8 and validated once at the end.
    /// Escapes only add whole, valid scalars, so the result is valid exactly when the raw
    /// stretches between them are.
    private mutating func parseEscapedString(from start: Int) throws(JSONParseError) -> String {
        var utf8 = Array(bytes[start..<index])
        var chunkStart = index
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\""):
                utf8.append(contentsOf: bytes[chunkStart..<index])
                index += 1
                return try validated(utf8[...], at: start)
            case UInt8(ascii: "\\"):
                utf8.append(contentsOf: bytes[chunkStart..<index])
                Unicode.UTF8.encode(try parseEscape()) { utf8.append($0) }
                chunkStart = index
            case 0..<0x20: throw fail("control character in a string; write it as a \\u escape")
            default: index += 1
            }
        }
        throw fail("unterminated string", at: start - 1)
    }

    /// The text of well-formed UTF-8 (no overlong forms, encoded surrogates or truncated
    /// sequences), or an error at the first byte that is not.
    private func validated(_ utf8: ArraySlice<UInt8>, at start: Int) throws(JSONParseError) -> String {
        if let text = String(validating: utf8, as: UTF8.self) { return text }
        throw fail("invalid UTF-8 in a string", at: Self.firstInvalidUTF8(in: bytes, from: start))
    }

    /// Where well-formed UTF-8 stops, for the error offset (only computed on failure).
    private static func firstInvalidUTF8(in bytes: [UInt8], from start: Int) -> Int {
        var offset = start
        var decoder = Unicode.UTF8.ForwardParser()
        var iterator = bytes[start...].makeIterator()
        while true {
            switch decoder.parseScalar(from: &iterator) {
            case .valid(let scalar): offset += scalar.count
            case .emptyInput, .error: return offset
            }
        }
    }

    private mutating func parseEscape() throws(JSONParseError) -> Unicode.Scalar {
        let escapeStart = index
        index += 1
        guard index < bytes.count else { throw fail("unterminated escape") }
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"): return try parseUnicodeEscape(from: escapeStart)
        default: throw fail("invalid escape", at: escapeStart)
        }
    }

    /// `\uXXXX`, or a surrogate pair `\uD83D\uDE00`; a surrogate on its own is not a character
    /// and cannot be held in a Swift string, so it is refused rather than replaced.
    private mutating func parseUnicodeEscape(from escapeStart: Int) throws(JSONParseError) -> Unicode.Scalar {
        let high = try parseHex4()
        switch high {
        case 0xD800..<0xDC00:
            guard bytes.count - index >= 2, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
            else { throw fail(Self.loneHigh, at: escapeStart) }
            index += 2
            let low = try parseHex4()
            guard (0xDC00..<0xE000).contains(low),
                let scalar = Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
            else { throw fail(Self.loneHigh, at: escapeStart) }
            return scalar
        case 0xDC00..<0xE000:
            throw fail("a lone UTF-16 surrogate \\u escape (a low one without its high half)", at: escapeStart)
        default:
            // Every other value below 0x10000 is a scalar.
            return Unicode.Scalar(high) ?? "\u{FFFD}"
        }
    }

    private static let loneHigh = "a lone UTF-16 surrogate \\u escape (a high one without its low half)"

    private mutating func parseHex4() throws(JSONParseError) -> UInt32 {
        guard bytes.count - index >= 4 else { throw fail("invalid \\u escape: four hex digits needed") }
        var value: UInt32 = 0
        for byte in bytes[index..<index + 4] {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw fail("invalid \\u escape: four hex digits needed")
            }
            value = value << 4 | UInt32(digit)
        }
        index += 4
        return value
    }
}
