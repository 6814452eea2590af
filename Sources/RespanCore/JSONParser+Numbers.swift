extension JSONParser {
    /// Reads a number with RFC 8259's grammar, stricter than `DecimalText`: no `+`, `.5`, `5.`
    /// or leading zeros.
    mutating func parseNumber() throws(JSONParseError) -> JSONNumber {
        let start = index
        if peek(UInt8(ascii: "-")) { index += 1 }
        let integerStart = index
        guard skipDigits() > 0 else { throw fail("expected a digit") }
        if bytes[integerStart] == UInt8(ascii: "0"), index - integerStart > 1 {
            throw fail("a number with a leading zero", at: integerStart)
        }
        var isInteger = true
        if peek(UInt8(ascii: ".")) {
            index += 1
            isInteger = false
            guard skipDigits() > 0 else { throw fail("expected a digit after '.'") }
        }
        if peek(UInt8(ascii: "e")) || peek(UInt8(ascii: "E")) {
            index += 1
            isInteger = false
            if peek(UInt8(ascii: "+")) || peek(UInt8(ascii: "-")) { index += 1 }
            guard skipDigits() > 0 else { throw fail("expected a digit in the exponent") }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        // Integers in JSON's grammar are already canonical (no `+`, no leading zeros), which
        // spares the decimal arithmetic for the common case.
        if isInteger { return JSONNumber(canonicalInteger: text == "-0" ? "0" : text) }
        guard let number = JSONNumber(jsonLiteral: text) else {
            throw fail("a number whose exponent is too large to keep exactly", at: start)
        }
        return number
    }

    private func peek(_ byte: UInt8) -> Bool {
        index < bytes.count && bytes[index] == byte
    }

    /// Steps over ASCII digits, returning how many.
    private mutating func skipDigits() -> Int {
        let start = index
        while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
        return index - start
    }
}
