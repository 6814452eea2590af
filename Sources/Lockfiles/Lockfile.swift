import Foundation
import RespanCore

/// What the lockfile records for one experiment key.
public struct LockEntry: Sendable, Equatable {
    public enum State: String, Sendable, CaseIterable {
        /// The id was chosen and journaled; the POST may or may not have reached Respan.
        case pendingCreate = "pending_create"
        case created
    }

    /// The remote experiment id (client-chosen at creation).
    public var id: String
    public var state: State
    /// SHA-256 of the canonical JSON of `applied`; checked on every read (design §3).
    public var specDigest: String
    /// The body last applied (no secret: it is what the manifest says).
    public var applied: JSONValue
    /// `protect: true` when last applied; kept so that removing the experiment from the
    /// manifest does not remove its protection (design §3).
    public var protect: Bool
    /// How often `--replace` forced a new run of this key; part of its derived id.
    public var generation: Int
    /// The version of each evaluator the run was created with, by id or slug, as Respan showed
    /// it at apply (`version`, else `updated_at`): a comparison whose two runs differ here is
    /// not like for like (design §6). Empty when Respan showed none.
    public var evaluatorVersions: [String: String] = [:]

    public init(id: String, state: State, applied: JSONValue, protect: Bool = false, generation: Int = 0) {
        self.id = id
        self.state = state
        self.applied = applied
        self.specDigest = SpecDigest.of(applied)
        self.protect = protect
        self.generation = generation
    }

    /// The entry as the lockfile and its journal write it: `protect` and `generation` only when set.
    var json: JSONValue {
        var object: [String: JSONValue] = [
            "id": .string(id), "state": .string(state.rawValue), "spec_digest": .string(specDigest), "applied": applied,
        ]
        if protect { object["protect"] = true }
        if generation > 0 { object["generation"] = .int(generation) }
        if !evaluatorVersions.isEmpty {
            object["evaluator_versions"] = .object(evaluatorVersions.mapValues(JSONValue.string))
        }
        return .object(object)
    }
}

/// `experiments.lock`: manifest key → remote experiment. Versioned, deterministic bytes.
///
/// Format 2 added `protect` and `generation`; format 3 records bodies of documented request
/// fields only (no `tags`, respan-api.md §9); format 4 records the rules a dataset's digest was
/// taken under (`digest_version`; CSV cells are text unless typed). Older files are migrated
/// on read (`migration`) and written back in the current format; their entries keep their runs.
public struct Lockfile: Sendable, Equatable {
    public static let formatVersion = 5
    /// The newest format whose reading rules changed (an older one is migrated on read);
    /// format 5 only adds what format 4 readers do not know (`prompts`, `evaluator_versions`),
    /// and a lockfile without those is still written as format 4, for every reader.
    public static let rulesVersion = 4
    /// The oldest format this version reads.
    public static let oldestReadableVersion = 1

    public var entries: [String: LockEntry] = [:]
    /// Managed datasets by manifest name (optional `"datasets"` section; see `DatasetLock`).
    public var datasets: [String: DatasetLock] = [:]
    /// Managed evaluators by manifest name (optional `"evaluators"` section).
    public var evaluators: [String: EvaluatorLock] = [:]
    /// Managed prompts by manifest name (optional `"prompts"` section).
    public var prompts: [String: PromptLock] = [:]
    /// Respan answered a create with a chosen `experiment_id` under an id of its own
    /// (respan-api.md §9): adoption by id is unavailable on this remote (`"remote"` section).
    public var remoteIgnoresClientIDs = false
    /// Set when the file was written by an earlier version and migrated on read (never written).
    public var migration: LockfileMigration?

    public init(entries: [String: LockEntry] = [:]) {
        self.entries = entries
    }

    /// Renames entries for `moved:`, skipping a move whose target is already managed.
    /// Returns the moves made.
    @discardableResult
    public mutating func applyMoves(_ moves: [(from: String, to: String)]) -> [(from: String, to: String)] {
        var done: [(from: String, to: String)] = []
        for move in moves {
            guard let entry = entries[move.from], entries[move.to] == nil else { continue }
            entries[move.from] = nil
            entries[move.to] = entry
            done.append(move)
        }
        return done
    }

    /// 5 when the lockfile holds what only format 5 readers know, else 4.
    var writtenVersion: Int {
        prompts.isEmpty && entries.values.allSatisfy(\.evaluatorVersions.isEmpty)
            ? Self.rulesVersion : Self.formatVersion
    }

    /// Sorted keys, two-space indent, trailing newline, no timestamps: a no-op apply leaves
    /// the bytes as they were. `protect` is written only when true, to keep diffs small.
    public func encoded() -> String {
        var experiments: [String: JSONValue] = [:]
        for (key, entry) in entries { experiments[key] = entry.json }
        var root: [String: JSONValue] = [
            "format_version": .int(writtenVersion), "experiments": .object(experiments),
        ]
        if remoteIgnoresClientIDs { root["remote"] = ["ignores_client_ids": true] }
        return JSONValue.object(root.merging(managedSections) { old, _ in old }).serialized(pretty: true) + "\n"
    }
}

/// What reading an older lockfile changed: its entries keep their runs, their bodies and
/// digests follow the current rules, and nothing is sent because of it.
public struct LockfileMigration: Sendable, Equatable {
    public var fromVersion: Int
    /// Keys whose recorded body (and so spec digest) changed, sorted.
    public var recomputed: [String]
    /// What changed, in words.
    public var reasons: [String]

    public var summary: String {
        "written by an earlier respan-plan (lockfile format \(fromVersion)), migrated to format \(Lockfile.rulesVersion) on read: "
            + "\(recomputed.count) entr\(recomputed.count == 1 ? "y's digest" : "ies' digests") recomputed"
            + (reasons.isEmpty ? "" : " (\(reasons.joined(separator: "; ")))")
            + "; every entry keeps its run and nothing reruns. The next apply writes the new format."
    }
}
