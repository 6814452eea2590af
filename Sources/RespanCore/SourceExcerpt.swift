/// The lines of a source text, numbered the way libyaml numbers them.
///
/// Breaks are `\n`, `\r\n`, a lone `\r`, U+0085, U+2028 and U+2029, the line breaks libyaml
/// counts. The text is scanned as bytes, not `Character`s: Swift reads `"\r\n"` as one
/// `Character`, so splitting on `"\n"` turns a CRLF file into a single line. A leading byte
/// order mark is left out, as libyaml does not count it as a column.
struct SourceLines: Sendable {
    private let bytes: [UInt8]
    private let ranges: [Range<Int>]

    init(_ text: String) {
        let bytes = Array(text.utf8)
        var ranges: [Range<Int>] = []
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var index = start
        while index < bytes.count {
            let length = Self.breakLength(bytes, at: index)
            if length == 0 {
                index += 1
                continue
            }
            ranges.append(start..<index)
            index += length
            start = index
        }
        ranges.append(start..<bytes.count)
        self.bytes = bytes
        self.ranges = ranges
    }

    /// The text of 1-based line `number`, without its break; nil past the end.
    subscript(number: Int) -> String? {
        guard number >= 1, number <= ranges.count else { return nil }
        return String(decoding: bytes[ranges[number - 1]], as: UTF8.self)
    }

    private static func breakLength(_ bytes: [UInt8], at index: Int) -> Int {
        func byte(_ offset: Int) -> UInt8? { index + offset < bytes.count ? bytes[index + offset] : nil }
        switch bytes[index] {
        case 0x0A: return 1
        case 0x0D: return byte(1) == 0x0A ? 2 : 1
        case 0xC2: return byte(1) == 0x85 ? 2 : 0
        case 0xE2: return byte(1) == 0x80 && (byte(2) == 0xA8 || byte(2) == 0xA9) ? 3 : 0
        default: return 0
        }
    }
}

/// The part of a source line shown under a diagnostic, and the lead that puts the caret
/// under the diagnostic's column.
///
/// Columns count Unicode scalars, as libyaml's do. A line longer than `maxWidth` scalars is
/// cut to a window around the column, with `…` where text is left out. The lead keeps tabs
/// (so the terminal expands both lines alike), gives wide East Asian characters and emoji
/// two cells and combining marks none.
struct SourceExcerpt: Equatable {
    static let maxWidth = 120

    var text: String
    var caretLead: String

    init(line: String, column: Int, maxWidth: Int = SourceExcerpt.maxWidth) {
        let scalars = Array(line.unicodeScalars)
        let caret = min(max(column - 1, 0), scalars.count)
        guard scalars.count > maxWidth else {
            text = line
            caretLead = Self.lead(scalars[..<caret])
            return
        }
        let end = min(scalars.count, max(caret - maxWidth / 2, 0) + maxWidth)
        let start = max(0, end - maxWidth)
        let cutStart = start > 0, cutEnd = end < scalars.count
        text = (cutStart ? "…" : "") + Self.string(scalars[start..<end]) + (cutEnd ? "…" : "")
        caretLead = (cutStart ? " " : "") + Self.lead(scalars[start..<max(start, caret)])
    }

    private static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }

    private static func lead(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        string(scalars).map { character in
            character == "\t" ? "\t" : String(repeating: " ", count: cells(character))
        }.joined()
    }

    /// Terminal cells a character takes: 0 for a lone combining mark, 2 for wide ones.
    static func cells(_ character: Character) -> Int {
        guard let first = character.unicodeScalars.first else { return 0 }
        switch first.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        return first.properties.isEmojiPresentation || isWide(first.value) ? 2 : 1
    }

    /// East Asian Wide and Fullwidth blocks (Hangul, CJK, kana, fullwidth forms).
    private static func isWide(_ value: UInt32) -> Bool {
        switch value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
            0xFFE0...0xFFE6, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}
