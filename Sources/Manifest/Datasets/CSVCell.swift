import RespanCore

/// One CSV cell's value under a dataset's rules (`DatasetDigestVersion`).
enum CSVCell {
    /// The value of `text` in a column of `type`; nil when a typed cell does not parse.
    static func value(_ text: String, _ type: ManagedDataset.ColumnType, _ version: DatasetDigestVersion) -> JSONValue?
    {
        guard version >= .textCells else { return inferred(text) }
        let text = normalisingLineEnds(text)
        switch type {
        case .string:
            return .string(text)
        case .number:
            guard let value = try? JSONValue(parsing: text), case .number = value else { return nil }
            return value
        case .boolean:
            switch text.lowercased() {
            case "true": return true
            case "false": return false
            default: return nil
            }
        case .json:
            return try? JSONValue(parsing: text)
        }
    }

    /// Why a cell of `type` did not parse, for the error at its row.
    static func expectation(_ type: ManagedDataset.ColumnType) -> String {
        switch type {
        case .string: "text"
        case .number: "a number such as 42 or 1.5"
        case .boolean: "true or false"
        case .json: "valid JSON"
        }
    }

    /// The rule before `textCells`: a cell holding valid JSON was that JSON, any other its text.
    static func inferred(_ text: String) -> JSONValue {
        guard let first = text.unicodeScalars.first, "{[\"-0123456789tfn".unicodeScalars.contains(first) else {
            return .string(text)
        }
        return (try? JSONValue(parsing: text)) ?? .string(text)
    }

    /// `text` with CRLF and a lone CR as LF, as manifests are read: a file checked out with
    /// `core.autocrlf` must read the same as the one committed.
    static func normalisingLineEnds(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "\r")) else { return text }
        var scalars = String.UnicodeScalarView()
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\r" {
                scalars.append("\n")
                previousWasCR = true
                continue
            }
            if !(scalar == "\n" && previousWasCR) { scalars.append(scalar) }
            previousWasCR = false
        }
        return String(scalars)
    }
}
