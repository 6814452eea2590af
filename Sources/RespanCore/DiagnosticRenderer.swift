/// Turns diagnostics into text for people, JSON for machines, or GitHub Actions annotations.
///
/// It returns strings; the caller decides where they go.
public struct DiagnosticRenderer: Sendable {
    /// File path → file text, for echoing the source line under each diagnostic.
    public var sources: [String: String]
    private var lineCache: [String: SourceLines] = [:]

    public init(sources: [String: String]) {
        self.sources = sources
        for (file, text) in sources {
            lineCache[file] = SourceLines(text)
        }
    }

    /// `file:line:col: error: message`, the source line and a caret; notes follow their error.
    public func text(_ diagnostics: [Diagnostic]) -> String {
        var out = ""
        for diagnostic in diagnostics {
            out += entry(diagnostic.severity.rawValue, diagnostic.message, diagnostic.location)
            for note in diagnostic.notes {
                out += entry("note", note.message, note.location)
            }
        }
        return out
    }

    private func entry(_ label: String, _ message: String, _ location: SourceLocation?) -> String {
        guard let location else { return "\(label): \(message)\n" }
        var out = "\(location): \(label): \(message)\n"
        guard let line = lineCache[location.file]?[location.line] else { return out }
        // The same for LF, CRLF and a last line without a break; a long line is cut around the column.
        let excerpt = SourceExcerpt(line: line, column: location.column)
        let number = String(location.line)
        let gutter = String(repeating: " ", count: number.count)
        out += " \(number) | \(excerpt.text)\n \(gutter) | \(excerpt.caretLead)^\n"
        return out
    }

    /// A versioned JSON document of the diagnostics, plus any fields the caller adds.
    public static func json(_ diagnostics: [Diagnostic], adding extra: [String: JSONValue] = [:]) -> JSONValue {
        var document = extra
        document["format_version"] = 1
        document["diagnostics"] = .array(diagnostics.map(json))
        document["error_count"] = .int(diagnostics.count { $0.severity == .error })
        document["warning_count"] = .int(diagnostics.count { $0.severity == .warning })
        return .object(document)
    }

    private static func json(_ diagnostic: Diagnostic) -> JSONValue {
        var object = located(diagnostic.message, diagnostic.location)
        object["severity"] = .string(diagnostic.severity.rawValue)
        object["notes"] = .array(diagnostic.notes.map { .object(located($0.message, $0.location)) })
        return .object(object)
    }

    private static func located(_ message: String, _ location: SourceLocation?) -> [String: JSONValue] {
        var object: [String: JSONValue] = ["message": .string(message)]
        if let location {
            object["file"] = .string(location.file)
            object["line"] = .int(location.line)
            object["column"] = .int(location.column)
        }
        return object
    }

    /// `::error file=…,line=…,col=…::message` lines, which GitHub Actions shows on the diff.
    /// GitHub reads `file` from the repository root: `path` maps a diagnostic's file (as the
    /// user gave it, relative to the working directory) to that.
    public static func githubAnnotations(
        _ diagnostics: [Diagnostic], path: (String) -> String = { $0 }
    ) -> String {
        diagnostics.filter { $0.severity != .note }.map { diagnostic in
            var properties: [String] = []
            if let location = diagnostic.location {
                properties = [
                    "file=\(escapeProperty(path(location.file)))", "line=\(location.line)", "col=\(location.column)",
                ]
            }
            let head = properties.isEmpty ? "" : " " + properties.joined(separator: ",")
            return "::\(diagnostic.severity.rawValue)\(head)::\(escapeData(diagnostic.message))\n"
        }.joined()
    }

    private static func escapeData(_ text: String) -> String {
        text.replacing("%", with: "%25").replacing("\r", with: "%0D").replacing("\n", with: "%0A")
    }

    private static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacing(":", with: "%3A").replacing(",", with: "%2C")
    }
}
