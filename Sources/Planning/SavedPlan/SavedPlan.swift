import Foundation
import Lockfiles
import RespanAPI
import RespanCore

/// A plan saved by `plan --out`, with the digests of everything it was made from, so that
/// `apply FILE` performs exactly it, or refuses once any input moved on.
public struct SavedPlan: Sendable {
    /// 2 added the plan's managed datasets and evaluators (`managed_changes`); 3 where the plan
    /// was made (`destination`: the endpoint, or the embedded sandbox, and the workspace), which
    /// `apply` checks; 4 carries the ids known only after apply as typed references (`pending`,
    /// `known_after_apply`). Saved plans live minutes, so only the current format is read; an
    /// older one says to plan again.
    public static let formatVersion = 4
    static let kind = "respan-plan saved plan"

    public var plan: Plan
    /// Manifest files read, in order, with the SHA-256 of their bytes.
    public var manifestDigests: [(path: String, digest: String)]
    public var lockfilePath: String
    /// SHA-256 of the lockfile's bytes, or "absent".
    public var lockfileDigest: String
    /// Remote id → fingerprint of what the plan read (nil: the plan saw it missing).
    public var remote: [String: String?]

    public init(plan: Plan, manifestFiles: [String], lockfilePath: String, remote: [String: Experiment], ids: [String])
    {
        self.plan = plan
        self.manifestDigests = manifestFiles.map { ($0, Self.fileDigest($0)) }
        self.lockfilePath = lockfilePath
        self.lockfileDigest = Self.fileDigest(lockfilePath)
        var fingerprints: [String: String?] = [:]
        for id in ids { fingerprints[id] = remote[id].map(Self.fingerprint) }
        self.remote = fingerprints
    }

    /// The saved values as read back; no file is touched.
    init(
        plan: Plan, manifestDigests: [(path: String, digest: String)], lockfilePath: String, lockfileDigest: String,
        remote: [String: String?]
    ) {
        self.plan = plan
        self.manifestDigests = manifestDigests
        self.lockfilePath = lockfilePath
        self.lockfileDigest = lockfileDigest
        self.remote = remote
    }

    /// SHA-256 of the file's bytes, or "absent".
    static func fileDigest(_ path: String) -> String {
        guard let data = FileManager.default.contents(atPath: path) else { return "absent" }
        return SpecDigest.of(bytes: data)
    }

    /// What a plan depends on in a remote experiment: the fields it compares, not status or
    /// progress, which move on their own while a run runs.
    static func fingerprint(_ experiment: Experiment) -> String {
        var fields: [String: JSONValue] = [:]
        for key in [
            "name", "description", "dataset_id", "workflow", "evaluator_ids", "evaluator_slugs",
            "evaluator_workflow_ids", "batch_size", "concurrency", "enable_tracing", "span_workflow_name",
            "generation_method",
        ] {
            if let value = experiment.raw[key] { fields[key] = value }
        }
        return SpecDigest.of(.object(fields))
    }

    /// Why this plan must not be applied at `now` (made against the sandbox and applied to
    /// Respan, or against another URL), or nil; a plan of format 2 or older does not say.
    public func destinationMismatch(_ now: PlanDestination) -> String? {
        plan.destination?.mismatch(now)
    }

    /// What moved on this machine since the plan was made (manifest files, the lockfile):
    /// checked before any request.
    public func localStaleness() -> [String] {
        var reasons: [String] = []
        for (path, digest) in manifestDigests where Self.fileDigest(path) != digest {
            reasons.append("the manifest file '\(path)' changed")
        }
        if Self.fileDigest(lockfilePath) != lockfileDigest {
            reasons.append("the lockfile '\(lockfilePath)' changed (another apply ran?)")
        }
        return reasons
    }

    /// What moved since the plan was made; empty when it can still be applied.
    public func staleness(remote now: [String: Experiment]) -> [String] {
        var reasons = localStaleness()
        for (id, fingerprint) in remote.sorted(by: { $0.key < $1.key }) {
            let current = now[id].map(Self.fingerprint)
            if current != fingerprint {
                reasons.append(
                    current == nil
                        ? "the remote experiment \(id) was deleted" : "the remote experiment \(id) was edited")
            }
        }
        return reasons
    }
}
