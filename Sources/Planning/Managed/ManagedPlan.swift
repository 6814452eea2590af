import Lockfiles
import Manifest
import RespanCore

/// What a plan does to managed datasets and evaluators, before any experiment: their remote
/// ids feed the experiments' bodies.
public struct ManagedObjectsPlan: Sendable {
    public var datasets: [DatasetChange] = []
    public var evaluators: [EvaluatorChange] = []
    public var prompts: [PromptChange] = []
    /// Requests made to plan them (lookups of objects the lockfile does not record).
    public var requests = 0

    public init() {}

    public var actionableDatasets: [DatasetChange] { datasets.filter { $0.action != .noop } }
    public var actionableEvaluators: [EvaluatorChange] { evaluators.filter { $0.action != .noop } }
    public var actionablePrompts: [PromptChange] { prompts.filter { $0.action != .noop } }
    public var hasChanges: Bool {
        !actionableDatasets.isEmpty || !actionableEvaluators.isEmpty || !actionablePrompts.isEmpty
    }

    /// ", 1 dataset to upload, 1 evaluator to update", or "" when there is nothing to do.
    public var summaryText: String {
        var parts: [String] = []
        let uploads = datasets.count { $0.action == .upload }
        if uploads > 0 { parts.append("\(uploads) dataset\(uploads == 1 ? "" : "s") to upload") }
        let adopted = datasets.count { $0.action == .adopt } + evaluators.count { $0.action == .adopt }
        if adopted > 0 { parts.append("\(adopted) managed object\(adopted == 1 ? "" : "s") to adopt") }
        let deleted = datasets.count { $0.action == .delete }
        if deleted > 0 { parts.append("\(deleted) dataset\(deleted == 1 ? "" : "s") to delete") }
        let created = evaluators.count { $0.action == .create }
        if created > 0 { parts.append("\(created) evaluator\(created == 1 ? "" : "s") to create") }
        let updated = evaluators.count { $0.action == .update }
        if updated > 0 { parts.append("\(updated) evaluator\(updated == 1 ? "" : "s") to update") }
        let newPrompts = prompts.count { $0.action == .create }
        if newPrompts > 0 { parts.append(counted(newPrompts, "prompt") + " to create") }
        let versions = prompts.count { $0.action == .version }
        if versions > 0 { parts.append(counted(versions, "prompt version") + " to commit") }
        return parts.map { ", " + $0 }.joined()
    }
}

/// One managed dataset's change.
public struct DatasetChange: Sendable {
    public enum Action: String, Sendable {
        /// Create a new remote dataset and add the file's rows.
        case upload
        /// A complete remote dataset for these rows exists (found by name): record it.
        case adopt
        /// A dataset no lockfile references any more (`--prune`).
        case delete
        case noop = "no-op"
    }

    public var name: String
    public var action: Action
    /// The dataset used (no-op, adopt) or deleted.
    public var remoteID: String?
    /// The remote name: project, key and a short digest.
    public var remoteName: String
    public var summary: DatasetSummary?
    /// Why, in words: "3 rows added, 1 changed", "new", "an interrupted upload is replaced".
    public var reason: String?
    /// Half-uploaded datasets of this content to delete first (never used).
    public var discard: [String] = []
    /// The lockfile entry this replaces, kept in its `previous` list.
    public var replaces: String?
    public var file: ManagedDataset?
    public var location: SourceLocation?
}

/// One managed evaluator's change.
public struct EvaluatorChange: Sendable {
    public enum Action: String, Sendable {
        /// `POST /api/evaluators/`, then commit the first version.
        case create
        /// PATCH the draft to the manifest's definition and commit a version.
        case update
        /// It exists already with this definition (found by slug): record it.
        case adopt
        case noop = "no-op"
    }

    public var name: String
    public var action: Action
    public var remoteID: String?
    public var slug: String
    public var digest: String
    /// The create body: the manifest's definition plus `name` and `evaluator_slug`.
    public var body: JSONValue
    /// Top-level definition fields that differ from what was last applied (update).
    public var changedFields: [String] = []
    public var reason: String?
    public var location: SourceLocation?
}

/// One managed prompt's change.
public struct PromptChange: Sendable {
    public enum Action: String, Sendable {
        /// `POST /api/prompts/`, then its first version, committed.
        case create
        /// A new version of the prompt the lockfile records, committed.
        case version
        /// A committed version of this content exists already (found by its marker): record it.
        case adopt
        case noop = "no-op"
    }

    public var name: String
    public var action: Action
    /// The prompt (known unless it is created).
    public var remoteID: String?
    /// The committed version holding this content (no-op, adopt).
    public var version: Int?
    public var digest: String
    /// The version's create body: `messages`, `model`, settings.
    public var body: JSONValue
    public var parts: [String: String]
    /// The prompt's name on Respan.
    public var remoteName: String
    public var description: String?
    /// What changed against the lockfile's version: "model", "message 1 (system)"…
    public var changedParts: [String] = []
    public var reason: String?
    public var location: SourceLocation?
}
