import RespanCore

/// A piece of a string scalar: literal text or an expression (with its offset in Unicode
/// scalars, the unit of columns).
enum TemplateSegment: Equatable {
    case text(String)
    case expression(TemplateExpression, offset: Int)

    /// Splits text into literal runs and expressions, byte by byte (offsets still count
    /// Unicode scalars: every byte that does not continue a UTF-8 sequence starts one).
    static func parse(_ text: String) throws(TemplateError) -> [TemplateSegment] {
        let bytes = Array(text.utf8)
        var segments: [TemplateSegment] = []
        var literal: [UInt8] = []
        var index = 0, offset = 0
        while index < bytes.count {
            if bytes.opensExpression(at: index + 1), bytes[index] == dollar {
                literal += bytes[(index + 1)..<(index + 4)]
                index += 4
                offset += 4
            } else if bytes.opensExpression(at: index) {
                guard let close = bytes.closingBraces(from: index + 3) else {
                    throw TemplateError(message: "unterminated '${{' (missing '}}')", offset: offset)
                }
                if !literal.isEmpty { segments.append(.text(String(decoding: literal, as: UTF8.self))) }
                literal = []
                let inner = bytes[(index + 3)..<close]
                let expression: TemplateExpression
                if let simple = simpleExpression(inner) {
                    expression = simple
                } else {
                    expression = try parseExpression(Substring(String(decoding: inner, as: UTF8.self)), offset: offset)
                }
                segments.append(.expression(expression, offset: offset))
                offset += bytes[index..<(close + 2)].scalarCount
                index = close + 2
            } else {
                literal.append(bytes[index])
                if bytes[index] & 0xC0 != 0x80 { offset += 1 }
                index += 1
            }
        }
        if !literal.isEmpty || segments.isEmpty { segments.append(.text(String(decoding: literal, as: UTF8.self))) }
        return segments
    }

    private static let dollar = UInt8(ascii: "$")

    /// `matrix.NAME`, `env.NAME` or `project` in ASCII without a fallback (nearly every one),
    /// by bytes; nil for anything else, mistakes included, which `parseExpression` reads.
    private static func simpleExpression(_ inner: ArraySlice<UInt8>) -> TemplateExpression? {
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || (0x09...0x0D).contains($0) }
        guard let first = inner.firstIndex(where: { !isSpace($0) }), let last = inner.lastIndex(where: { !isSpace($0) })
        else { return nil }
        let text = inner[first...last]
        guard
            !text.contains(where: {
                $0 >= 0x80 || $0 == UInt8(ascii: "|") || $0 == UInt8(ascii: "'") || $0 == UInt8(ascii: "\"")
            })
        else { return nil }
        if text.elementsEqual("project".utf8) { return TemplateExpression(reference: .project) }
        guard let dot = text.firstIndex(of: UInt8(ascii: ".")) else { return nil }
        let name = String(decoding: text[(dot + 1)...], as: UTF8.self)
        guard Vocabulary.isIdentifier(name) else { return nil }
        switch text[..<dot] {
        case let namespace where namespace.elementsEqual("matrix".utf8):
            return TemplateExpression(reference: .matrix(name))
        case let namespace where namespace.elementsEqual("env".utf8):
            return TemplateExpression(reference: .environment(name))
        default: return nil
        }
    }

    private static func parseExpression(_ inner: Substring, offset: Int) throws(TemplateError) -> TemplateExpression {
        let parts = splitFallback(inner)
        guard parts.count <= 2 else {
            throw TemplateError(message: "an expression takes at most one '||' fallback", offset: offset)
        }
        let reference = try parseReference(parts[0].trimmed, offset: offset)
        let fallback = try parts.count == 2 ? parseLiteral(parts[1].trimmed, offset: offset) : nil
        return TemplateExpression(reference: reference, fallback: fallback)
    }

    /// Splits at `||` outside quotes.
    private static func splitFallback(_ text: Substring) -> [Substring] {
        var parts: [Substring] = []
        var quote: Character?
        var start = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            let char = text[index]
            if let open = quote {
                if char == open { quote = nil }
            } else if char == "'" || char == "\"" {
                quote = char
            } else if char == "|", text[index...].hasPrefix("||") {
                parts.append(text[start..<index])
                index = text.index(index, offsetBy: 2)
                start = index
                continue
            }
            index = text.index(after: index)
        }
        parts.append(text[start...])
        return parts
    }

    private static func parseReference(
        _ text: Substring, offset: Int
    ) throws(TemplateError) -> TemplateExpression.Reference {
        if text == "project" { return .project }
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        if parts.count == 2, Vocabulary.isIdentifier(parts[1]) {
            switch parts[0] {
            case "matrix": return .matrix(String(parts[1]))
            case "env": return .environment(String(parts[1]))
            default: break
            }
        }
        let hint =
            Suggestion.closest(to: String(parts[0]), in: ["matrix", "env", "project"])
            .map { "; did you mean '\($0)'?" } ?? ""
        throw TemplateError(
            message: "unknown expression '\(text)': use matrix.NAME, env.NAME or project\(hint)", offset: offset)
    }

    private static func parseLiteral(_ text: Substring, offset: Int) throws(TemplateError) -> YAMLScalar {
        if let quote = text.first, quote == "'" || quote == "\"" {
            guard text.count >= 2, text.last == quote else {
                throw TemplateError(message: "unterminated string in the fallback", offset: offset)
            }
            return YAMLScalar(String(text.dropFirst().dropLast()), style: quote == "'" ? .singleQuoted : .doubleQuoted)
        }
        guard !text.isEmpty else { throw TemplateError(message: "empty fallback after '||'", offset: offset) }
        return YAMLScalar(String(text))
    }
}

extension [UInt8] {
    /// Whether `${{` starts at `index`.
    fileprivate func opensExpression(at index: Int) -> Bool {
        index + 2 < count && self[index] == UInt8(ascii: "$") && self[index + 1] == UInt8(ascii: "{")
            && self[index + 2] == UInt8(ascii: "{")
    }

    /// The index of the first `}}` at or after `start`.
    fileprivate func closingBraces(from start: Int) -> Int? {
        var index = start
        while index + 1 < count {
            if self[index] == UInt8(ascii: "}") && self[index + 1] == UInt8(ascii: "}") { return index }
            index += 1
        }
        return nil
    }
}

extension ArraySlice<UInt8> {
    /// Unicode scalars in well-formed UTF-8: the bytes that do not continue a sequence.
    fileprivate var scalarCount: Int { self.count { $0 & 0xC0 != 0x80 } }
}

extension Substring {
    fileprivate var trimmed: Substring {
        let start = firstIndex { !$0.isWhitespace } ?? endIndex
        let end = lastIndex { !$0.isWhitespace }.map { index(after: $0) } ?? start
        return self[start..<Swift.max(start, end)]
    }
}
