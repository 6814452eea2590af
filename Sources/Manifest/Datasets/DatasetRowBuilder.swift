import RespanCore

/// Why a dataset file cannot be used, at the file and line where it goes wrong.
///
/// A bad row (`isRowError`) does not stop the reading: `DatasetFile.summarize` goes on and
/// throws the first with the next ones in `others` (at most `DatasetFile.maxReportedRows` in
/// all) and the count of the rest in `unreported`, so one run shows every row to fix.
public struct DatasetFileError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var location: SourceLocation
    /// One row is bad; the rows after it can still be read.
    public var isRowError: Bool
    /// The bad rows after this one, in file order.
    public var others: [DatasetFileError] = []
    /// Bad rows beyond those in `others`.
    public var unreported = 0

    public init(_ message: String, at location: SourceLocation, isRowError: Bool = false) {
        self.message = message
        self.location = location
        self.isRowError = isRowError
    }

    public var description: String { "\(location): \(message)" }
}

/// Turns one record of a dataset file (a JSONL object, or a CSV row by header) into a
/// canonical row: `input` (required, any JSON), and `expected_output`, `output`, `metadata`
/// when present. Other columns must be mapped with `columns:`.
///
/// A row may carry its own checks (design §13): `assert`, a list of `{type: KIND, value: …}`
/// (`CheckSpec`), kept in `metadata.assert`, where the generated check evaluators read them.
public struct DatasetRowBuilder: Sendable {
    /// The row fields a file column may fill; `metadata.KEY` fills one key of `metadata`, and
    /// `input.KEY` one key of an object `input`.
    public static let fields = ["input", "expected_output", "output", "metadata", "assert"]

    /// File column → row field.
    public var columns: [String: String]

    public init(columns: [String: String] = [:]) {
        self.columns = columns
    }

    /// Whether `target` is something a column may map to.
    public static func isValidTarget(_ target: String) -> Bool {
        fields.contains(target) || ["metadata.", "input."].contains { target.hasPrefix($0) && target.count > $0.count }
    }

    /// The canonical row for `record` (absent values already left out), or an error at `location`.
    public func row(_ record: [(String, JSONValue)], at location: SourceLocation) throws(DatasetFileError) -> JSONValue
    {
        var row: [String: JSONValue] = [:]
        var metadata: [String: JSONValue] = [:]
        var inputs: [String: JSONValue] = [:]
        for (column, value) in record {
            let target = columns[column] ?? column
            if target.hasPrefix("metadata.") {
                metadata[String(target.dropFirst("metadata.".count))] = value
            } else if target.hasPrefix("input.") {
                inputs[String(target.dropFirst("input.".count))] = value
            } else if target == "assert" {
                metadata["assert"] = value
            } else if Self.fields.contains(target) {
                row[target] = value
            } else {
                throw DatasetFileError(
                    "unknown column '\(column)'; a row has 'input', 'expected_output', 'output', 'metadata' and 'assert': "
                        + "map it with 'columns: { \(column): metadata.\(column) }' or remove it", at: location,
                    isRowError: true)
            }
        }
        if !metadata.isEmpty {
            if let given = row["metadata"], given.objectValue == nil {
                throw DatasetFileError(
                    "'metadata' is \(given.typeName), and columns are mapped into it; make it an object", at: location,
                    isRowError: true)
            }
            row["metadata"] = .object((row["metadata"]?.objectValue ?? [:]).merging(metadata) { _, new in new })
        }
        // A row's checks, however they came (an `assert` column, or `metadata.assert` given
        // directly), are checked and kept normalized: the generated code reads them as they are.
        if let given = row["metadata"]?["assert"], var object = row["metadata"]?.objectValue {
            object["assert"] = try Self.checks(given, at: location)
            row["metadata"] = .object(object)
        }
        if !inputs.isEmpty {
            if let given = row["input"], given.objectValue == nil {
                throw DatasetFileError(
                    "'input' is \(given.typeName), and columns are mapped into it (input.KEY); make it an object",
                    at: location, isRowError: true)
            }
            row["input"] = .object((row["input"]?.objectValue ?? [:]).merging(inputs) { _, new in new })
        }
        guard let input = row["input"], input != .null else {
            throw DatasetFileError(
                "a row without 'input'; every row needs one (map a column to it with 'columns: { COLUMN: input }')",
                at: location, isRowError: true)
        }
        _ = input
        return .object(row)
    }

    /// A row's `assert`: a list of checks, each one `CheckSpec` can read, normalized.
    static func checks(_ value: JSONValue, at location: SourceLocation) throws(DatasetFileError) -> JSONValue {
        guard let entries = value.arrayValue, !entries.isEmpty else {
            let got = value.arrayValue != nil ? "an empty list" : value.typeName
            let hint =
                value.stringValue != nil
                ? "; a CSV column of checks needs 'columns: { COLUMN: { field: assert, type: json } }'" : ""
            throw DatasetFileError(
                "'assert' is a list of checks ([{\"type\": \"contains\", \"value\": …}]), got \(got)\(hint)",
                at: location, isRowError: true)
        }
        var normalized: [JSONValue] = []
        for (index, entry) in entries.enumerated() {
            switch CheckSpec.rowCheck(entry) {
            case .success(let check): normalized.append(check)
            case .failure(let error):
                throw DatasetFileError(
                    "check \(index + 1) of 'assert': \(error.message)", at: location, isRowError: true)
            }
        }
        return .array(normalized)
    }
}
