import Crypto
import Foundation
import RespanCore

/// A managed dataset's file, read one row at a time: the canonical rows, in file order.
///
/// Memory stays bounded by one record (JSONL by one line, CSV by the reader's buffer and one
/// row), so a large file is streamed both when it is hashed and when it is uploaded.
public final class DatasetFile {
    private enum Source {
        case jsonl(JSONLRecordReader, FileHandle)
        case csv(CSVRecordReader)
    }

    private var source: Source
    private let builder: DatasetRowBuilder
    public let path: String

    /// Opens `path`; a missing, unreadable or empty file is an error at `location` (where the
    /// manifest names it). `types` types CSV columns; `version` picks the reading rules
    /// (an earlier one only to recognise a dataset recorded under it).
    public init(
        path: String, format: ManagedDataset.Format, columns: [String: String],
        types: [String: ManagedDataset.ColumnType] = [:], version: DatasetDigestVersion = .current,
        location: SourceLocation
    ) throws(DatasetFileError) {
        self.path = path
        builder = DatasetRowBuilder(columns: columns)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw DatasetFileError("the dataset file '\(path)' does not exist", at: location)
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard size > 0 else {
            throw DatasetFileError(
                "the dataset file '\(path)' is empty; a dataset needs at least one row", at: location)
        }
        switch format {
        case .jsonl:
            guard let handle = FileHandle(forReadingAtPath: path) else {
                throw DatasetFileError("the dataset file '\(path)' cannot be read", at: location)
            }
            source = .jsonl(JSONLRecordReader(path: path, handle: handle), handle)
        case .csv:
            source = .csv(try CSVRecordReader(path: path, types: types, version: version))
        }
    }

    deinit {
        if case .jsonl(_, let handle) = source { try? handle.close() }
    }

    /// The next canonical row and where it starts, or nil at the end.
    public func next() throws(DatasetFileError) -> (row: JSONValue, location: SourceLocation)? {
        let record: ([(String, JSONValue)], SourceLocation)?
        switch source {
        case .jsonl(var reader, let handle):
            // Kept also when a line is bad: the reading goes on after it.
            defer { source = .jsonl(reader, handle) }
            record = try reader.next()
        case .csv(let reader):
            record = try reader.next()
        }
        guard let (fields, location) = record else { return nil }
        return (try builder.row(fields, at: location), location)
    }

    /// Up to `count` rows; empty at the end.
    public func batch(_ count: Int) throws(DatasetFileError) -> [JSONValue] {
        var rows: [JSONValue] = []
        while rows.count < count, let (row, _) = try next() { rows.append(row) }
        return rows
    }

    /// Bad rows reported by one read of a file; the rest are counted.
    public static let maxReportedRows = 20

    /// Reads the whole file once: digest, row count and row index, checking every row. Every
    /// bad row is found: the first is thrown with the others attached (`DatasetFileError`).
    public static func summarize(
        path: String, format: ManagedDataset.Format, columns: [String: String],
        types: [String: ManagedDataset.ColumnType] = [:], version: DatasetDigestVersion = .current,
        location: SourceLocation
    ) throws(DatasetFileError) -> DatasetSummary {
        let file = try DatasetFile(
            path: path, format: format, columns: columns, types: types, version: version, location: location)
        var hasher = SHA256()
        var index: [UInt64] = []
        var bad: DatasetFileError?
        var facts = RowFacts()
        while true {
            do {
                guard let (row, location) = try file.next() else { break }
                let line = Array((row.serialized() + "\n").utf8)
                hasher.update(data: line)
                let given = row["input"] ?? .null
                let input = given.serialized()
                index.append(UInt64(prefix32(Array(input.utf8))) << 32 | UInt64(prefix32(line)))
                facts.add(row, input: given, serialized: input, at: location)
            } catch  where error.isRowError {
                collect(error, into: &bad)
            }
        }
        if let bad { throw bad }
        guard !index.isEmpty else {
            throw DatasetFileError("the dataset file '\(path)' has no rows; a dataset needs at least one", at: location)
        }
        var summary = DatasetSummary(digest: hex(hasher.finalize()), rowCount: index.count, index: index)
        facts.fill(&summary)
        return summary
    }

    /// What the summary tells of the rows beside their identity: for the cost estimate (input
    /// length), a prompt's variables (the keys every input has) and `check: row` (rows without
    /// their own checks).
    private struct RowFacts {
        var characters = 0
        var keys: Set<String>?
        var allObjects = true
        var unchecked = 0
        var firstUnchecked: [SourceLocation] = []

        /// `serialized` is `input`'s JSON text, made once for the row index.
        mutating func add(_ row: JSONValue, input: JSONValue, serialized: String, at location: SourceLocation) {
            characters += input.stringValue?.count ?? serialized.count
            // Once an input is no object there are no shared keys to narrow down.
            if allObjects, let object = input.objectValue {
                keys = keys.map { $0.intersection(object.keys) } ?? Set(object.keys)
            } else {
                allObjects = false
            }
            if row["metadata"]?["assert"] == nil {
                unchecked += 1
                if firstUnchecked.count < DatasetFile.maxReportedRows { firstUnchecked.append(location) }
            }
        }

        func fill(_ summary: inout DatasetSummary) {
            summary.uncheckedRows = unchecked
            summary.firstUncheckedRows = firstUnchecked
            summary.inputCharacters = characters
            summary.inputKeys = allObjects ? keys : nil
        }
    }

    private static func collect(_ error: DatasetFileError, into first: inout DatasetFileError?) {
        guard var head = first else {
            first = error
            return
        }
        if head.others.count + 1 < maxReportedRows { head.others.append(error) } else { head.unreported += 1 }
        first = head
    }

    private static func prefix32(_ bytes: [UInt8]) -> UInt32 {
        SHA256.hash(data: bytes).prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    }

    static func hex(_ digest: SHA256.Digest) -> String {
        "sha256:" + digest.map { String(format: "%02x", $0) }.joined()
    }
}
