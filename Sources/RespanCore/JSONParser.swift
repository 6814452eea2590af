// Why our own JSON reader rather than Foundation's `JSONSerialization` or `JSONDecoder`:
//
// - Numbers. Foundation turns every number into `Double` (or `NSNumber`/`Decimal`), so
//   `12345678901234567890` and `0.1000000000000000055511151231257827` come back changed, and
//   `7` and `7.0` become the same value. Spec digests, lockfiles and the bodies sent back to
//   Respan must keep what was written, so numbers stay exact decimal text (`JSONNumber`).
// - Strictness. Foundation silently keeps the last of two equal keys and repairs some invalid
//   text. Here a document either is RFC 8259 JSON or is refused with the byte offset where it
//   stops being so: duplicate object keys, lone UTF-16 surrogates in `\u` escapes, invalid
//   UTF-8 (overlong forms, encoded surrogates, truncated sequences) and a byte order mark are
//   all errors. RFC 8259 leaves these to the implementation; refusing them means two readers
//   never see different documents in the same bytes.
//
// Conformance is checked against nst/JSONTestSuite (Tests/Fixtures/JSONTestSuite): every `y_`
// case parses, every `n_` case is refused, and each `i_` case is pinned to what we do and why
// (JSONParserTests). The sandbox parses every request body with it, so it works on bytes and
// builds each string once.

/// Why a JSON text could not be read, with the byte offset where reading stopped.
public struct JSONParseError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var offset: Int
    public var description: String { "invalid JSON at byte \(offset): \(message)" }
}

extension JSONValue {
    /// Reads exactly one JSON value (surrounding white space allowed).
    public init(parsing text: some StringProtocol) throws(JSONParseError) {
        var parser = JSONParser(bytes: Array(text.utf8))
        self = try parser.parseDocument()
    }

    /// Reads exactly one JSON value from UTF-8 bytes.
    public init(parsing bytes: [UInt8]) throws(JSONParseError) {
        var parser = JSONParser(bytes: bytes)
        self = try parser.parseDocument()
    }

    /// Reads a stream of JSON values separated by white space (as in JSON Lines).
    public static func parseStream(_ text: some StringProtocol) throws(JSONParseError) -> [JSONValue] {
        var parser = JSONParser(bytes: Array(text.utf8))
        return try parser.parseStream()
    }
}

/// A strict RFC 8259 reader that keeps numbers as exact text.
struct JSONParser {
    let bytes: [UInt8]
    var index = 0
    private var depth = 0
    /// Deep enough for any real document, shallow enough that recursion cannot exhaust a
    /// server thread's stack.
    private static let maxDepth = 512

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            throw fail("a byte order mark; JSON text must start with the value (RFC 8259 §8.1)")
        }
        let value = try parseValue()
        skipWhitespace()
        guard index == bytes.count else { throw fail("unexpected text after the value") }
        return value
    }

    mutating func parseStream() throws(JSONParseError) -> [JSONValue] {
        var values: [JSONValue] = []
        skipWhitespace()
        while index < bytes.count {
            values.append(try parseValue())
            skipWhitespace()
        }
        return values
    }

    func fail(_ message: String, at offset: Int? = nil) -> JSONParseError {
        JSONParseError(message: message, offset: offset ?? index)
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    private mutating func parseValue() throws(JSONParseError) -> JSONValue {
        skipWhitespace()
        guard index < bytes.count else { throw fail("unexpected end of input") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): return try parseLiteral("true", .bool(true))
        case UInt8(ascii: "f"): return try parseLiteral("false", .bool(false))
        case UInt8(ascii: "n"): return try parseLiteral("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw fail("unexpected character")
        }
    }

    private mutating func parseLiteral(_ word: String, _ value: JSONValue) throws(JSONParseError) -> JSONValue {
        let count = word.utf8.count
        guard bytes.count - index >= count, bytes[index..<index + count].elementsEqual(word.utf8)
        else { throw fail("unexpected character") }
        index += count
        return value
    }

    private mutating func enter() throws(JSONParseError) {
        depth += 1
        if depth > Self.maxDepth { throw fail("nesting deeper than \(Self.maxDepth)") }
    }

    /// Steps over `,` (returning true) or the closing bracket (returning false).
    private mutating func separator(_ close: UInt8, in container: String) throws(JSONParseError) -> Bool {
        skipWhitespace()
        guard index < bytes.count else { throw fail("unexpected end of input in \(container)") }
        switch bytes[index] {
        case UInt8(ascii: ","):
            index += 1
            return true
        case close:
            index += 1
            return false
        default: throw fail("expected ',' or '\(Character(Unicode.Scalar(close)))'")
        }
    }

    /// True (after stepping over it) when the container closes right away.
    private mutating func closesEmpty(_ close: UInt8) -> Bool {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == close else { return false }
        index += 1
        return true
    }

    private mutating func parseObject() throws(JSONParseError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        index += 1
        var members: [String: JSONValue] = [:]
        if closesEmpty(UInt8(ascii: "}")) { return .object(members) }
        repeat {
            skipWhitespace()
            let keyStart = index
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw fail("expected a string key") }
            let key = try parseString()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw fail("expected ':'") }
            index += 1
            // RFC 8259 §4 leaves duplicate names to the reader; readers disagree on which one
            // wins, so a document with two is ambiguous and refused.
            if members.updateValue(try parseValue(), forKey: key) != nil {
                throw fail("duplicate key \(JSONValue.string(key).serialized()) in an object", at: keyStart)
            }
        } while try separator(UInt8(ascii: "}"), in: "an object")
        return .object(members)
    }

    private mutating func parseArray() throws(JSONParseError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        index += 1
        var items: [JSONValue] = []
        if closesEmpty(UInt8(ascii: "]")) { return .array(items) }
        repeat {
            items.append(try parseValue())
        } while try separator(UInt8(ascii: "]"), in: "an array")
        return .array(items)
    }
}
