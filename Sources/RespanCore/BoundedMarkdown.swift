/// A Markdown document that stays within a size counted in UTF-8 bytes (GitHub refuses a comment
/// over 65,536 characters; bytes are the safe reading, since no character is less than one byte).
///
/// Blocks are appended in order. A text block goes in whole or not at all; the lines of a table,
/// list or code block are cut between lines, and the table or block is closed before anything
/// follows. Once one thing is cut, everything after it is left out and counted, and `finished`
/// closes every open `<details>` and ends with a note saying what was left out.
public struct BoundedMarkdown: Sendable {
    /// GitHub's comment limit.
    public static let githubLimit = 65_536
    /// The default budget: a margin under GitHub's limit for what a workflow adds (a marker, a
    /// heading, a line of state).
    public static let defaultLimit = 60_000
    /// Bytes kept free for the closing note.
    static let noteReserve = 512

    public let limit: Int
    public private(set) var text = ""
    private var closers: [String] = []
    /// Lines (table rows, list items, code lines) and whole blocks left out.
    public private(set) var omittedLines = 0
    public private(set) var omittedBlocks = 0

    public init(limit: Int = defaultLimit) {
        self.limit = limit
    }

    public var isCut: Bool { omittedLines + omittedBlocks > 0 }

    private var room: Int { limit - text.utf8.count - closers.joined().utf8.count - Self.noteReserve }

    /// Appends `block` whole, or leaves it out when it does not fit (and everything after it).
    public mutating func append(_ block: String) {
        guard !isCut, block.utf8.count <= room else {
            omittedBlocks += 1
            return
        }
        text += block
    }

    /// Appends `open`, then as many of `lines` (each ending in a newline) as fit, then `close`:
    /// a table (`open` its header, `close` a blank line), a list, or a fenced code block. No
    /// lines, nothing at all: a table without rows is left out.
    public mutating func lines(open: String, _ lines: [String], close: String) {
        guard !lines.isEmpty else { return }
        guard !isCut, open.utf8.count + close.utf8.count + (lines.first?.utf8.count ?? 0) <= room else {
            omittedLines += lines.count
            return
        }
        text += open
        for (index, line) in lines.enumerated() {
            guard line.utf8.count + close.utf8.count <= room else {
                omittedLines += lines.count - index
                break
            }
            text += line
        }
        text += close
    }

    /// Opens a folded section (`<details>`); `finished` closes it if `closeDetails` does not.
    public mutating func openDetails(_ summary: String) {
        let opener = "<details><summary>\(summary)</summary>\n\n", closer = "\n</details>\n\n"
        guard !isCut, opener.utf8.count + closer.utf8.count <= room else {
            omittedBlocks += 1
            closers.append("")
            return
        }
        text += opener
        closers.append(closer)
    }

    public mutating func closeDetails() {
        if let closer = closers.popLast() { text += closer }
    }

    /// The document, every section closed, with `note(lines, blocks)` after it when anything
    /// was left out (the note must fit in `noteReserve` bytes, or it is shortened).
    public func finished(note: (_ lines: Int, _ blocks: Int) -> String) -> String {
        var out = text + closers.reversed().joined()
        guard isCut else { return out }
        var written = note(omittedLines, omittedBlocks)
        while written.utf8.count > Self.noteReserve { written = String(written.dropLast(16)) + "…\n" }
        out += written
        return out
    }

    /// "12 table rows and 2 sections": what a note says was left out.
    public static func describe(lines: Int, blocks: Int, lineWord: String = "row") -> String {
        let parts = [
            lines > 0 ? "\(lines) \(lineWord)\(lines == 1 ? "" : "s")" : nil,
            blocks > 0 ? "\(blocks) section\(blocks == 1 ? "" : "s")" : nil,
        ].compactMap { $0 }
        return parts.joined(separator: " and ")
    }
}
