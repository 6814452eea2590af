import Manifest
import RespanCore

/// `validate` as text: the summary line on success; diagnostics and their count otherwise.
struct ValidateTextView: OutputView {
    let sources: [String: String]
    let file: String

    init(sources: [String: String], file: String = "") {
        self.sources = sources
        self.file = file
    }

    /// The standard-output line: "experiments.yaml: valid, 2 experiments from 1 file".
    func render(_ result: ManifestLoadResult) -> String {
        guard let desired = result.desired else { return "" }
        let (experiments, files) = (result.experimentCount, desired.files.count)
        return "\(file): valid, \(experiments) experiment\(experiments == 1 ? "" : "s") "
            + "from \(files) file\(files == 1 ? "" : "s")\n"
    }

    /// The standard-error text: every diagnostic, then "N errors in the manifest".
    func diagnostics(_ result: ManifestLoadResult) -> String {
        let sorted = result.diagnostics.sorted
        guard !sorted.isEmpty else { return "" }
        var text = DiagnosticRenderer(sources: sources).text(sorted)
        let errors = result.diagnostics.errorCount
        if errors > 0 { text += "\(errors) error\(errors == 1 ? "" : "s") in the manifest\n" }
        return text
    }
}

/// `validate --format json`: a versioned document with every diagnostic.
struct ValidateJSONView: OutputView {
    func render(_ result: ManifestLoadResult) -> String {
        var extra: [String: JSONValue] = ["valid": .bool(result.desired != nil)]
        if let desired = result.desired {
            extra["experiments"] = .int(result.experimentCount)
            extra["files"] = .array(desired.files.map { .string($0) })
        }
        return DiagnosticRenderer.json(result.diagnostics.sorted, adding: extra).serialized(pretty: true) + "\n"
    }
}
