import Lockfiles
import Manifest
import Planning
import RespanAPI
import RespanCore

/// Adopts an existing remote experiment for a manifest key.
public enum Importer {
    /// The lockfile entry for an adopted experiment: "last applied" is what the remote holds
    /// for each field the manifest sets, so the next plan shows exactly how the two differ.
    public static func entry(for experiment: ResolvedExperiment, remote: Experiment) -> LockEntry {
        var applied: [String: JSONValue] = [:]
        for (field, desired) in experiment.body.objectValue ?? [:] where field != "experiment_id" {
            if let held = remote.raw[field], held != .null { applied[field] = held } else { applied[field] = desired }
        }
        return LockEntry(id: remote.id, state: .created, applied: .object(applied), protect: experiment.protect)
    }
}
