import Lockfiles
import Manifest
import RespanCore

/// Reads `managed_changes` back as strictly as the experiments (see `SavedPlan+Managed`).
extension SavedPlan {
    static func decodeManaged(_ reader: SavedPlanReader) throws(SavedPlanError) -> ManagedObjectsPlan {
        var managed = ManagedObjectsPlan()
        guard reader.value != .null else { return managed }
        managed.datasets = try reader.child("datasets").array().map(decodeDataset)
        managed.evaluators = try reader.child("evaluators").array().map(decodeEvaluator)
        return managed
    }

    private static func decodeDataset(_ reader: SavedPlanReader) throws(SavedPlanError) -> DatasetChange {
        let actionText = try reader.child("action").string()
        guard let action = DatasetChange.Action(rawValue: actionText) else {
            throw reader.child("action").fail("unknown action '\(actionText)'")
        }
        var change = DatasetChange(
            name: try reader.child("name").string(), action: action,
            remoteID: try reader.child("remote_id").optionalString(),
            remoteName: try reader.child("remote_name").string(), reason: try reader.child("reason").optionalString(),
            location: try decodeLocation(reader.child("location")))
        change.discard = try reader.child("discard").array().map { item throws(SavedPlanError) in try item.string() }
        change.replaces = try reader.child("replaces").optionalString()
        if reader.value["file"] != nil {
            let file = try decodeFile(reader.child("file"))
            change.file = file
            change.summary = file.summary
        }
        return change
    }

    /// The file of an upload; its row index is restored from the file at apply (`rereadDatasets`).
    private static func decodeFile(_ reader: SavedPlanReader) throws(SavedPlanError) -> ManagedDataset {
        let formatText = try reader.child("format").string()
        guard let format = ManagedDataset.Format(rawValue: formatText) else {
            throw reader.child("format").fail("unknown format '\(formatText)'")
        }
        var columns: [String: String] = [:]
        for key in try reader.child("columns").object().keys {
            columns[key] = try reader.child("columns").child(key).string()
        }
        var types: [String: ManagedDataset.ColumnType] = [:]
        if reader.value["types"] != nil {
            for (column, value) in try reader.child("types").object() {
                guard let type = value.stringValue.flatMap(ManagedDataset.ColumnType.init(rawValue:)) else {
                    throw reader.child("types").child(column).fail("unknown column type")
                }
                types[column] = type
            }
        }
        guard let location = try decodeLocation(reader.child("location")) else {
            throw reader.child("location").fail("expected a location")
        }
        return ManagedDataset(
            path: try reader.child("path").string(), format: format, columns: columns, types: types,
            description: try reader.child("description").optionalString(),
            summary: DatasetSummary(
                digest: try reader.child("digest").string(), rowCount: try reader.child("rows").int(), index: []),
            location: location)
    }

    private static func decodeEvaluator(_ reader: SavedPlanReader) throws(SavedPlanError) -> EvaluatorChange {
        let actionText = try reader.child("action").string()
        guard let action = EvaluatorChange.Action(rawValue: actionText) else {
            throw reader.child("action").fail("unknown action '\(actionText)'")
        }
        guard reader.value["body"]?.objectValue != nil else { throw reader.child("body").fail("expected an object") }
        return EvaluatorChange(
            name: try reader.child("name").string(), action: action,
            remoteID: try reader.child("remote_id").optionalString(), slug: try reader.child("slug").string(),
            digest: try reader.child("digest").string(), body: reader.child("body").value,
            changedFields: try reader.child("changed_fields").array().map { item throws(SavedPlanError) in
                try item.string()
            },
            reason: try reader.child("reason").optionalString(), location: try decodeLocation(reader.child("location")))
    }
}
