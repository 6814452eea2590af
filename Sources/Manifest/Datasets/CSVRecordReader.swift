import CSV
import Foundation
import RespanCore

/// Reads a CSV file with a header row through CSV.swift's streaming reader (an `InputStream`
/// with a 64 KiB buffer: quoted fields, embedded line breaks, CRLF and a UTF-8 BOM), one
/// record at a time. A cell holding valid JSON is that JSON (`42`, `{"a": 1}`, `"quoted"`),
/// any other cell is its text, and an empty cell is absent.
final class CSVRecordReader {
    private let reader: CSVReader
    private let path: String
    private let header: [String]
    /// The line the next record starts on (records may span lines).
    private var line = 2

    init(path: String) throws(DatasetFileError) {
        self.path = path
        let first = SourceLocation(file: path, line: 1, column: 1)
        guard let stream = InputStream(fileAtPath: path) else {
            throw DatasetFileError("cannot open the file", at: first)
        }
        do {
            reader = try CSVReader(stream: stream, hasHeaderRow: true)
        } catch {
            throw DatasetFileError("the file has no header row; a CSV dataset starts with its column names", at: first)
        }
        header = reader.headerRow ?? []
        line = 2 + header.reduce(0) { $0 + Self.lineBreaks(in: $1) }
        if let duplicate = Self.firstDuplicate(header) {
            throw DatasetFileError("the column '\(duplicate)' is named twice in the header", at: first)
        }
        if header.contains("") {
            throw DatasetFileError("the header has an empty column name", at: first)
        }
    }

    /// The next record as (column, value) pairs, and where it starts; nil at the end of the file.
    func next() throws(DatasetFileError) -> ([(String, JSONValue)], SourceLocation)? {
        while let fields = reader.next() {
            let location = SourceLocation(file: path, line: line, column: 1)
            line += 1 + fields.reduce(0) { $0 + Self.lineBreaks(in: $1) }
            if let error = Self.readError(reader.error) {
                throw DatasetFileError("the CSV cannot be read here: \(error)", at: location)
            }
            if fields == [""] { continue }
            guard fields.count == header.count else {
                throw DatasetFileError(
                    "this row has \(fields.count) field\(fields.count == 1 ? "" : "s") and the header \(header.count); "
                        + "quote a field that holds a comma", at: location)
            }
            let record = zip(header, fields).compactMap { column, text in
                text.isEmpty ? nil : (column, Self.value(text))
            }
            return (record, location)
        }
        if let error = Self.readError(reader.error) {
            throw DatasetFileError(
                "the CSV cannot be read: \(error)", at: SourceLocation(file: path, line: line, column: 1))
        }
        return nil
    }

    /// A real read error: on Linux a file stream reports bytes available at its end, so
    /// CSV.swift's reader records `cannotReadFile` there after the last row; that one is the end.
    private static func readError(_ error: Error?) -> Error? {
        if let error = error as? CSVError, case .cannotReadFile = error { return nil }
        return error
    }

    /// A cell's value: its JSON when it is valid JSON, else its text.
    static func value(_ text: String) -> JSONValue {
        guard let first = text.unicodeScalars.first, "{[\"-0123456789tfn".unicodeScalars.contains(first) else {
            return .string(text)
        }
        return (try? JSONValue(parsing: text)) ?? .string(text)
    }

    private static func lineBreaks(in text: String) -> Int {
        text.utf8.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
    }

    private static func firstDuplicate(_ names: [String]) -> String? {
        var seen: Set<String> = []
        return names.first { !seen.insert($0).inserted }
    }
}
