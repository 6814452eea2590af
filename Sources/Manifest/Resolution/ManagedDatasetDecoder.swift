import Foundation
import RespanCore

/// Decodes `datasets: { NAME: { file: data/qa.jsonl, columns: {…}, description: … } }`: checks
/// the definition, then reads the whole file once (every row checked, hashed and counted),
/// so bad rows are located errors before any request is sent.
enum ManagedDatasetDecoder {
    static let keys = ["file", "format", "columns", "description"]

    /// Whether an entry defines a managed dataset (it has `file:`).
    static func isManaged(_ entry: NamedEntry) -> Bool {
        entry.value.mapping?.contains { $0.key.keyText == "file" } ?? false
    }

    static func decode(_ entry: NamedEntry, diagnostics: inout DiagnosticList) -> DatasetDefinition? {
        let what = "dataset '\(entry.name)'"
        guard let reader = MappingReader(entry.value, what, allowed: keys + ["id"], diagnostics: &diagnostics) else {
            return nil
        }
        if reader["id"] != nil {
            diagnostics.error(
                "\(what) gives both 'id' and 'file'; give 'file' to manage its rows, or 'id' to use a dataset made on Respan",
                at: reader.keyLocation("id"))
            return nil
        }
        guard let file = reader["file"]?.nonEmptyString("the file of \(what)", diagnostics: &diagnostics) else {
            return nil
        }
        let description = reader["description"]?.string("the description of \(what)", diagnostics: &diagnostics)
        guard let format = format(reader, file: file, what: what, diagnostics: &diagnostics),
            let columns = columns(reader, format: format, what: what, diagnostics: &diagnostics)
        else { return nil }
        let directory = (entry.keyLocation.file as NSString).deletingLastPathComponent
        let path = ManifestFileReader.join(directory, file.value)
        do {
            let summary = try DatasetFile.summarize(
                path: path, format: format, columns: columns.fields, types: columns.types, location: file.location)
            let managed = ManagedDataset(
                path: path, format: format, columns: columns.fields, types: columns.types,
                description: description?.value, summary: summary, location: file.location)
            return DatasetDefinition(
                name: entry.name, id: nil, location: entry.keyLocation,
                managed: managed)
        } catch {
            for bad in [error] + error.others { diagnostics.error("\(what): \(bad.message)", at: bad.location) }
            if error.unreported > 0 {
                diagnostics.error(
                    "\(what): \(error.unreported) more bad row\(error.unreported == 1 ? "" : "s") in '\(file.value)' "
                        + "not shown (the first \(DatasetFile.maxReportedRows) are)", at: file.location)
            }
            return nil
        }
    }

    private static func format(
        _ reader: MappingReader, file: Marked<String>, what: String, diagnostics: inout DiagnosticList
    ) -> ManagedDataset.Format? {
        if let node = reader["format"] {
            guard let text = node.nonEmptyString("the format of \(what)", diagnostics: &diagnostics) else { return nil }
            guard let format = ManagedDataset.Format(rawValue: text.value) else {
                diagnostics.error("unknown format '\(text.value)' of \(what); use 'jsonl' or 'csv'", at: text.location)
                return nil
            }
            return format
        }
        switch (file.value as NSString).pathExtension.lowercased() {
        case "jsonl", "ndjson": return .jsonl
        case "csv": return .csv
        default:
            diagnostics.error(
                "cannot tell the format of '\(file.value)' from its name; name it .jsonl or .csv, or give 'format: jsonl' or 'format: csv'",
                at: file.location)
            return nil
        }
    }

    /// `columns: { question: input, price: { field: metadata.price, type: number } }`: file
    /// column → row field, and for CSV the type of its cells (text when not given).
    private static func columns(
        _ reader: MappingReader, format: ManagedDataset.Format, what: String, diagnostics: inout DiagnosticList
    ) -> DatasetColumns? {
        guard let node = reader["columns"] else { return DatasetColumns() }
        guard let pairs = node.mapping else {
            diagnostics.error(
                Message.expected("a mapping of column names", for: "'columns'", got: node), at: node.location)
            return nil
        }
        var columns = DatasetColumns()
        var ok = true
        for pair in pairs {
            guard let column = MappingReader.stringKey(pair.key, diagnostics: &diagnostics),
                columns.add(column, pair.value, format: format, what: what, diagnostics: &diagnostics)
            else {
                ok = false
                continue
            }
        }
        return ok ? columns : nil
    }
}
