import Lockfiles
import Manifest
import RespanCore

/// The managed datasets and evaluators of a saved plan (`managed_changes`): everything apply
/// needs to upload a dataset or save an evaluator, so that `apply plan.json` does what
/// `apply` would have. A dataset records its file and digest, not its rows: apply reads the
/// file again and refuses the plan when the digest moved (`rereadDatasets`).
extension SavedPlan {
    static func encode(_ managed: ManagedObjectsPlan) -> JSONValue {
        [
            "datasets": .array(managed.datasets.map(encode)),
            "evaluators": .array(managed.evaluators.map(encode)),
        ]
    }

    private static func encode(_ change: DatasetChange) -> JSONValue {
        var object: [String: JSONValue] = [
            "name": .string(change.name), "action": .string(change.action.rawValue),
            "remote_name": .string(change.remoteName), "discard": .array(change.discard.map(JSONValue.string)),
        ]
        object["remote_id"] = change.remoteID.map(JSONValue.string) ?? .null
        object["reason"] = change.reason.map(JSONValue.string) ?? .null
        object["replaces"] = change.replaces.map(JSONValue.string) ?? .null
        object["location"] = encode(change.location)
        if let file = change.file {
            var encoded: [String: JSONValue] = [
                "path": .string(file.path), "format": .string(file.format.rawValue),
                "columns": .object(file.columns.mapValues(JSONValue.string)),
                "description": file.description.map(JSONValue.string) ?? .null,
                "digest": .string(file.summary.digest), "rows": .int(file.summary.rowCount),
                "location": encode(file.location),
            ]
            // Optional, so saved plans without typed columns keep their bytes.
            if !file.types.isEmpty { encoded["types"] = .object(file.types.mapValues { .string($0.rawValue) }) }
            object["file"] = .object(encoded)
        }
        return .object(object)
    }

    private static func encode(_ change: EvaluatorChange) -> JSONValue {
        [
            "name": .string(change.name), "action": .string(change.action.rawValue),
            "remote_id": change.remoteID.map(JSONValue.string) ?? .null, "slug": .string(change.slug),
            "digest": .string(change.digest), "body": change.body,
            "changed_fields": .array(change.changedFields.map(JSONValue.string)),
            "reason": change.reason.map(JSONValue.string) ?? .null, "location": encode(change.location),
        ]
    }

    static func encode(_ location: SourceLocation?) -> JSONValue {
        guard let location else { return .null }
        return ["file": .string(location.file), "line": .int(location.line), "column": .int(location.column)]
    }

    /// Reads every dataset file an upload uses again: its digest must still be the one planned
    /// (else a reason, and nothing is sent); the rows' index, which the file holds and the
    /// saved plan does not, is restored. No request is made.
    public mutating func rereadDatasets() -> [String] {
        var reasons: [String] = []
        for index in plan.managed.datasets.indices {
            guard plan.managed.datasets[index].action == .upload, var file = plan.managed.datasets[index].file
            else { continue }
            do {
                let summary = try DatasetFile.summarize(
                    path: file.path, format: file.format, columns: file.columns, types: file.types,
                    location: file.location)
                guard summary.digest == file.summary.digest else {
                    reasons.append("the dataset file '\(file.path)' changed")
                    continue
                }
                file.summary = summary
                plan.managed.datasets[index].file = file
                plan.managed.datasets[index].summary = summary
            } catch {
                reasons.append("the dataset file '\(file.path)' cannot be read: \(error.message)")
            }
        }
        return reasons
    }
}
