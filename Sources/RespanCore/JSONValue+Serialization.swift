extension JSONValue {
    /// Canonical text: keys sorted by Unicode scalar values, canonical numbers, minimal escapes.
    ///
    /// `pretty` indents by two spaces; the compact form is what spec digests are taken over.
    /// Either form is byte-identical for equal values on every machine.
    public func serialized(pretty: Bool = false) -> String {
        var writer = JSONWriter(pretty: pretty)
        writer.write(self)
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}

/// Writes canonical JSON (see `JSONValue.serialized`) as UTF-8 bytes into a growing buffer.
///
/// For output too large to hold at once, write a piece, hand `bytes` on, and `removeAll()`:
/// `DesiredState.writeRenderDocument` streams that way.
public struct JSONWriter: Sendable {
    /// What has been written since the last `removeAll()`.
    public private(set) var bytes: [UInt8] = []
    public let pretty: Bool

    public init(pretty: Bool, capacity: Int = 0) {
        self.pretty = pretty
        bytes.reserveCapacity(capacity)
    }

    /// Empties the buffer, keeping its storage for what comes next.
    public mutating func removeAll() { bytes.removeAll(keepingCapacity: true) }

    /// Text written as it is (punctuation, already canonical pieces).
    public mutating func writeRaw(_ text: String) { bytes.append(contentsOf: text.utf8) }

    /// UTF-8 written as it is (pieces this writer wrote earlier).
    public mutating func writeBytes(_ utf8: [UInt8]) { bytes.append(contentsOf: utf8) }

    /// A line break and `indent` levels of two spaces, when pretty; nothing when compact.
    public mutating func newline(indent: Int) {
        guard pretty else { return }
        bytes.append(UInt8(ascii: "\n"))
        if 2 * indent <= Self.spaces.count {
            bytes.append(contentsOf: Self.spaces[..<(2 * indent)])
        } else {
            bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * indent))
        }
    }

    private static let spaces = [UInt8](repeating: UInt8(ascii: " "), count: 64)

    /// `value` as it would appear nested `indent` levels deep in a pretty document.
    public mutating func write(_ value: JSONValue, indent: Int = 0) {
        switch value {
        case .null: writeRaw("null")
        case .bool(let value): writeRaw(value ? "true" : "false")
        case .number(let value): writeRaw(value.text)
        case .string(let value): writeString(value)
        case .array(let items):
            guard !items.isEmpty else { return writeRaw("[]") }
            bytes.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                newline(indent: indent + 1)
                write(item, indent: indent + 1)
            }
            newline(indent: indent)
            bytes.append(UInt8(ascii: "]"))
        case .object(let members):
            guard !members.isEmpty else { return writeRaw("{}") }
            bytes.append(UInt8(ascii: "{"))
            // UTF-8 bytes sort in Unicode scalar order.
            let sorted = members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            for (index, member) in sorted.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                newline(indent: indent + 1)
                writeKey(member.key)
                write(member.value, indent: indent + 1)
            }
            newline(indent: indent)
            bytes.append(UInt8(ascii: "}"))
        }
    }

    /// `"key": ` (pretty) or `"key":` (compact).
    public mutating func writeKey(_ key: String) {
        writeString(key)
        bytes.append(UInt8(ascii: ":"))
        if pretty { bytes.append(UInt8(ascii: " ")) }
    }

    /// A string with the minimal escapes: quote, backslash and control characters.
    public mutating func writeString(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            var runStart = 0
            for index in utf8.indices where Self.escaped[Int(utf8[index])] {
                let byte = utf8[index]
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                appendEscape(byte)
                runStart = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// The bytes a string cannot hold as they are: controls, the quote and the backslash.
    private static let escaped: [Bool] = (0..<256).map { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }

    private mutating func appendEscape(_ byte: UInt8) {
        let short: UInt8? =
            switch byte {
            case 0x22: 0x22
            case 0x5C: 0x5C
            case 0x0A: UInt8(ascii: "n")
            case 0x0D: UInt8(ascii: "r")
            case 0x09: UInt8(ascii: "t")
            case 0x08: UInt8(ascii: "b")
            case 0x0C: UInt8(ascii: "f")
            default: nil
            }
        bytes.append(UInt8(ascii: "\\"))
        if let short { return bytes.append(short) }
        let hex = Array("0123456789abcdef".utf8)
        bytes.append(contentsOf: "u00".utf8)
        bytes.append(hex[Int(byte >> 4)])
        bytes.append(hex[Int(byte & 0x0F)])
    }
}
