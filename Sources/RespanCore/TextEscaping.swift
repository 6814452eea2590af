/// Values (keys, names, matrix values, dataset text, server messages) made safe for the format
/// they land in: a value never breaks a Markdown table or code span, and never reaches a
/// terminal as a raw escape sequence.
public enum TextEscaping {
    /// One line of at most `limit` characters: every run of whitespace (newlines included)
    /// becomes one space, and a longer text is cut with "…".
    public static func line(_ text: String, limit: Int = .max) -> String {
        let words = text.split(whereSeparator: { $0.isWhitespace || $0.isNewline })
        let joined = words.joined(separator: " ")
        guard joined.count > limit else { return joined }
        return String(joined.prefix(max(0, limit - 1))) + "…"
    }

    /// Text for a Markdown table cell: one line, control characters as visible escapes, `|` escaped, `<` and `>` as entities (no HTML
    /// from a value), backslashes, backticks and brackets escaped so they stay literal (no code
    /// span or link from a value).
    public static func markdownCell(_ text: String) -> String {
        var out = ""
        for character in terminal(line(text)) {
            switch character {
            case "|": out += "\\|"
            case "\\": out += "\\\\"
            case "`": out += "\\`"
            case "[", "]": out += "\\\(character)"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.append(character)
            }
        }
        return out
    }

    /// A Markdown code span showing `text` literally, safe inside a table cell: one line (control
    /// characters as visible escapes), fenced
    /// by one more backtick than the longest run inside (padded with a space where the text
    /// starts or ends with one), `|` escaped (GitHub splits cells before it reads code spans).
    public static func codeSpan(_ text: String) -> String {
        let flat = terminal(line(text)).replacingOccurrences(of: "|", with: "\\|")
        var longest = 0, run = 0
        for character in flat {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: longest + 1)
        let pad = flat.hasPrefix("`") || flat.hasSuffix("`") ? " " : ""
        return fence + pad + flat + pad + fence
    }

    /// Text for a terminal: control characters (C0 but newline and tab, DEL, C1) shown as
    /// `\u{1B}`-style escapes, so a value cannot move the cursor, recolour or retitle the terminal.
    /// With `keepNewlines` false a newline shows as `\n`: a one-line value (a key, a name)
    /// stays on its line.
    public static func terminal(_ text: String, keepNewlines: Bool = true) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if scalar == "\n", !keepNewlines {
                out += "\\n"
                continue
            }
            let control = (value < 0x20 && scalar != "\n" && scalar != "\t") || (0x7F...0x9F).contains(value)
            if control {
                out += "\\u{\(String(value, radix: 16, uppercase: true))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Text for XML 1.0 content or attributes: the five entities, and the characters XML forbids
    /// even escaped (C0 but tab, newline and carriage return; U+FFFE, U+FFFF) as a space.
    public static func xml(_ text: String) -> String {
        markup(text, replacing: " ") { scalar in
            (scalar.value < 0x20 && scalar != "\n" && scalar != "\t" && scalar != "\r") || scalar == "\u{FFFE}"
                || scalar == "\u{FFFF}"
        }
    }

    /// Text for HTML content and attribute values: the five entities, and the characters that are
    /// parse errors in HTML (C0 but tab and newline, C1, non-characters) as U+FFFD.
    public static func html(_ text: String) -> String {
        markup(text, replacing: "\u{FFFD}") { scalar in
            (scalar.value < 0x20 && scalar != "\n" && scalar != "\t") || (0x7F...0x9F).contains(scalar.value)
                || (scalar.value & 0xFFFE) == 0xFFFE
        }
    }

    /// The five markup entities, and `replacement` for every scalar `forbidden` names.
    private static func markup(
        _ text: String, replacing replacement: String, forbidden: (Unicode.Scalar) -> Bool
    ) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case _ where forbidden(scalar): out += replacement
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
