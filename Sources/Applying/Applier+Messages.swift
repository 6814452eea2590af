import Lockfiles
import Manifest
import Planning
import RespanAPI
import RespanCore

/// What the applier says when the remote answers unlike what was sent, and the history run it retires.
extension Applier {
    static func echoWarning(_ field: String, sent: JSONValue?, echoed: JSONValue?) -> String {
        "Respan echoed '\(field)' differently from what was sent (sent \(sent?.serialized() ?? "nothing"), "
            + "echoed \(echoed?.serialized() ?? "nothing")); the lockfile records what was sent"
    }

    /// `--prune-history`: the superseded run goes once its successor is recorded.
    static func retire(_ change: PlannedChange, remote: any ExperimentRemote) async throws {
        if let old = change.retire { try await remote.deleteExperiment(old) }
    }

    /// The id is held by an experiment of another spec: nothing is changed, and both specs are named.
    static func conflict(_ id: String, _ fields: [String], held: JSONValue, body: JSONValue) -> ApplyFailure {
        .idHeldByAnotherSpec(
            id: id,
            differences: fields.map { field in
                "\(field): Respan holds \(held[field]?.serialized() ?? "nothing"), the manifest says \(body[field]?.serialized() ?? "nothing")"
            })
    }
}
