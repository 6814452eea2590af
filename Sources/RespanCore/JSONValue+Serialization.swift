extension JSONValue {
    /// Canonical text: keys sorted by Unicode scalar values, canonical numbers, minimal escapes.
    ///
    /// `pretty` indents by two spaces; the compact form is what spec digests are taken over.
    /// Either form is byte-identical for equal values on every machine.
    public func serialized(pretty: Bool = false) -> String {
        var out = ""
        write(to: &out, pretty: pretty, indent: 0)
        return out
    }

    private func write(to out: inout String, pretty: Bool, indent: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .number(let value): out += value.text
        case .string(let value): JSONValue.writeString(value, to: &out)
        case .array(let items):
            writeContainer(items.map { (nil, $0) }, open: "[", close: "]", to: &out, pretty: pretty, indent: indent)
        case .object(let members):
            let sorted = members.sorted { $0.key.unicodeScalars.lexicographicallyPrecedes($1.key.unicodeScalars) }
            writeContainer(
                sorted.map { ($0.key, $0.value) }, open: "{", close: "}", to: &out, pretty: pretty, indent: indent)
        }
    }

    private func writeContainer(
        _ entries: [(String?, JSONValue)], open: String, close: String,
        to out: inout String, pretty: Bool, indent: Int
    ) {
        out += open
        guard !entries.isEmpty else { return out += close }
        for (index, (key, value)) in entries.enumerated() {
            if index > 0 { out += "," }
            if pretty { out += "\n" + String(repeating: "  ", count: indent + 1) }
            if let key {
                JSONValue.writeString(key, to: &out)
                out += pretty ? ": " : ":"
            }
            value.write(to: &out, pretty: pretty, indent: indent + 1)
        }
        if pretty { out += "\n" + String(repeating: "  ", count: indent) }
        out += close
    }

    static func writeString(_ value: String, to out: inout String) {
        out += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case let c where c.value < 0x20:
                let hex = String(c.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
