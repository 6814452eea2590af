import CSV
import Foundation
import RespanCore

/// Reads a CSV file with a header row through CSV.swift's streaming reader (an `InputStream`
/// with a 64 KiB buffer: quoted fields, embedded line breaks, CRLF and a UTF-8 BOM), one
/// record at a time. A cell is its text unless its column is typed (`CSVCell`), and an
/// empty cell is absent.
final class CSVRecordReader {
    private let reader: CSVReader
    private let path: String
    private let header: [String]
    private let types: [String: ManagedDataset.ColumnType]
    private let version: DatasetDigestVersion
    /// The line the next record starts on (records may span lines).
    private var line = 2

    init(
        path: String, types: [String: ManagedDataset.ColumnType] = [:], version: DatasetDigestVersion = .current
    ) throws(DatasetFileError) {
        self.path = path
        self.types = types
        self.version = version
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
                        + "quote a field that holds a comma", at: location, isRowError: true)
            }
            return (try record(fields, at: location), location)
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

    /// The row's (column, value) pairs without empty cells; every typed cell that does not
    /// parse is named in one error at the row.
    private func record(
        _ fields: [String], at location: SourceLocation
    ) throws(DatasetFileError) -> [(String, JSONValue)] {
        var record: [(String, JSONValue)] = []
        var bad: [String] = []
        for (position, (column, text)) in zip(header, fields).enumerated() where !text.isEmpty {
            let type = types[column] ?? .string
            guard let value = CSVCell.value(text, type, version) else {
                let shown = text.count > 40 ? "\(text.prefix(40))…" : text
                bad.append(
                    "column \(position + 1) '\(column)' is typed \(type.rawValue) and holds "
                        + "\(JSONValue.string(shown).serialized()), not \(CSVCell.expectation(type))")
                continue
            }
            record.append((column, value))
        }
        guard bad.isEmpty else { throw DatasetFileError(bad.joined(separator: "; "), at: location, isRowError: true) }
        return record
    }

    private static func lineBreaks(in text: String) -> Int {
        text.utf8.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
    }

    private static func firstDuplicate(_ names: [String]) -> String? {
        var seen: Set<String> = []
        return names.first { !seen.insert($0).inserted }
    }
}
