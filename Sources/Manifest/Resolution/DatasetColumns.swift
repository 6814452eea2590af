import RespanCore

/// A managed dataset's `columns:` as read: each entry either the row field a column fills
/// (`question: input`) or a mapping `{ field: metadata.price, type: number }` (both keys
/// optional; the field defaults to the column's own name, the type to text).
struct DatasetColumns {
    static let keys = ["field", "type"]

    var fields: [String: String] = [:]
    var types: [String: ManagedDataset.ColumnType] = [:]

    /// Adds one entry; false, with errors, when it is not valid.
    mutating func add(
        _ column: String, _ node: YAMLNode, format: ManagedDataset.Format, what: String,
        diagnostics: inout DiagnosticList
    ) -> Bool {
        guard node.mapping != nil else {
            guard let target = node.nonEmptyString("the field of column '\(column)'", diagnostics: &diagnostics) else {
                return false
            }
            return addField(column, target, what: what, diagnostics: &diagnostics)
        }
        let entry = "column '\(column)' of \(what)"
        guard let reader = MappingReader(node, entry, allowed: Self.keys, diagnostics: &diagnostics) else {
            return false
        }
        var ok = true
        if let field = reader["field"] {
            guard let target = field.nonEmptyString("the field of \(entry)", diagnostics: &diagnostics) else {
                return false
            }
            ok = addField(column, target, what: what, diagnostics: &diagnostics)
        }
        if let typeNode = reader["type"] {
            ok = addType(column, typeNode, format: format, entry: entry, diagnostics: &diagnostics) && ok
        }
        return ok
    }

    private mutating func addField(
        _ column: String, _ target: Marked<String>, what: String, diagnostics: inout DiagnosticList
    ) -> Bool {
        guard DatasetRowBuilder.isValidTarget(target.value) else {
            diagnostics.error(
                "column '\(column)' of \(what) maps to '\(target.value)'; use input, input.KEY, expected_output, output, metadata, metadata.KEY or assert"
                    + Suggestion.hint(for: target.value, in: DatasetRowBuilder.fields), at: target.location)
            return false
        }
        fields[column] = target.value
        return true
    }

    private mutating func addType(
        _ column: String, _ node: YAMLNode, format: ManagedDataset.Format, entry: String,
        diagnostics: inout DiagnosticList
    ) -> Bool {
        guard let text = node.nonEmptyString("the type of \(entry)", diagnostics: &diagnostics) else { return false }
        let names = ManagedDataset.ColumnType.allCases.map(\.rawValue)
        guard let type = ManagedDataset.ColumnType(rawValue: text.value) else {
            diagnostics.error(
                "unknown type '\(text.value)' of \(entry); use \(names.joined(separator: ", "))"
                    + Suggestion.hint(for: text.value, in: names), at: text.location)
            return false
        }
        guard format == .csv else {
            diagnostics.error(
                "'type' of \(entry) applies to CSV files only; a JSONL value carries its own JSON type",
                at: text.location)
            return false
        }
        types[column] = type
        return true
    }
}
