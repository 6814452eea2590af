import Lockfiles
import RespanAPI
import RespanCore

/// The remote operations that planning and applying need, and nothing more.
///
/// `RespanClient` is the real conformer (HTTP to Respan or the sandbox); tests of pure logic may
/// use an in-memory one. Errors are the client's typed `RespanAPIError` so that a failure reads
/// the same whichever conformer produced it.
public protocol ExperimentRemote: Sendable {
    /// One page of the experiments whose id is in `ids` (`POST /api/v2/experiments/list/` with an
    /// `id in […]` filter), following Respan's pagination (`next` is nil on the last page).
    func experimentPage(ids: [String], page: Int, pageSize: Int) async throws(RespanAPIError) -> Page<Experiment>
    /// Every experiment whose name is one of `names` (`POST /api/v2/experiments/list/` with a
    /// `name in […]` filter, following pages), as list items (no `workflow`).
    func experiments(named names: [String]) async throws(RespanAPIError) -> [Experiment]
    /// The experiment, or nil when Respan answers 404.
    func experimentIfExists(_ id: String) async throws(RespanAPIError) -> Experiment?
    /// `POST /api/v2/experiments/`; idempotent when the body carries an `experiment_id`: an id
    /// already held comes back with `foundExisting`, whatever status the duplicate got.
    func createExperimentOutcome(_ body: JSONValue) async throws(RespanAPIError) -> CreatedExperiment
    /// `PUT /api/v2/experiments/{id}/`: the full body. Whether it starts a new run is not
    /// documented (respan-api.md §9); the applier checks.
    func replaceExperiment(_ id: String, _ body: JSONValue) async throws(RespanAPIError) -> Experiment
    /// `PATCH /api/v2/experiments/{id}/`: only the fields sent.
    func updateExperiment(_ id: String, _ body: JSONValue) async throws(RespanAPIError) -> Experiment
    /// `DELETE /api/v2/experiments/{id}/`; an experiment already gone counts as deleted.
    func deleteExperiment(_ id: String) async throws(RespanAPIError)
    /// Whether a referenced object exists (404 → false).
    func referenceExists(_ reference: RemoteReference) async throws(RespanAPIError) -> Bool
    /// For an evaluator reference: nil when it does not exist, else its version as Respan
    /// shows it (`version`, else `updated_at`; nil inside when it shows neither). Other
    /// references: whether they exist, with no version.
    func referenceVersion(_ reference: RemoteReference) async throws(RespanAPIError) -> String??
    /// A dataset's row count (`log_count`), or nil when it does not exist (404); for estimates.
    func datasetRows(_ id: String) async throws(RespanAPIError) -> Int??
    /// One cheap authenticated read, so a wrong key or a dead endpoint fails before anything
    /// else is believed.
    func verifyConnection() async throws(RespanAPIError)
}

/// A dataset or evaluator an experiment's body names.
public enum RemoteReference: Hashable, Sendable, Comparable, CustomStringConvertible {
    case dataset(String)
    case evaluator(String)
    case evaluatorSlug(String)
    /// A prompt step's `prompt_id` or `prompt_slug`.
    case prompt(String)

    public var description: String {
        switch self {
        case .dataset(let id): "dataset '\(id)'"
        case .evaluator(let id): "evaluator '\(id)'"
        case .evaluatorSlug(let slug): "evaluator slug '\(slug)'"
        case .prompt(let id): "prompt '\(id)'"
        }
    }

    /// An evaluator reference's id or slug (what a lockfile's `evaluator_versions` is keyed by).
    public var evaluatorName: String? {
        switch self {
        case .evaluator(let id), .evaluatorSlug(let id): id
        default: nil
        }
    }

    /// The references in a create-experiment body (`dataset_id`, `evaluator_ids`, `evaluator_slugs`).
    public static func all(in body: JSONValue) -> [RemoteReference] {
        var found: [RemoteReference] = []
        if let dataset = body["dataset_id"]?.stringValue { found.append(.dataset(dataset)) }
        found += (body["evaluator_ids"]?.arrayValue ?? []).compactMap(\.stringValue).map(RemoteReference.evaluator)
        found += (body["evaluator_slugs"]?.arrayValue ?? []).compactMap(\.stringValue).map(
            RemoteReference.evaluatorSlug)
        for step in body["workflow"]?.arrayValue ?? [] where step["type"] == "prompt" {
            if let id = step["config"]?["prompt_id"]?.stringValue ?? step["config"]?["prompt_slug"]?.stringValue {
                found.append(.prompt(id))
            }
        }
        return found
    }
}

extension RespanClient: ExperimentRemote {
    public func experimentPage(
        ids: [String], page: Int, pageSize: Int
    ) async throws(RespanAPIError) -> Page<Experiment> {
        try await experimentPage(
            filters: [Filter("id", "in", .array(ids.map(JSONValue.string)))], page: page, pageSize: pageSize)
    }

    public func experiments(named names: [String]) async throws(RespanAPIError) -> [Experiment] {
        // A server that ignores the filter answers more: only exact names count.
        try await experiments(filters: [Filter("name", "in", .array(names.map(JSONValue.string)))])
            .filter { names.contains($0.name ?? "") }
    }

    public func referenceExists(_ reference: RemoteReference) async throws(RespanAPIError) -> Bool {
        do {
            switch reference {
            case .dataset(let id): _ = try await dataset(id)
            // An evaluator id may carry a grader suffix (`eval_123:grader`); the object is the part before it.
            case .evaluator(let id): _ = try await evaluator(String(id.split(separator: ":").first ?? ""))
            case .evaluatorSlug(let slug): return try await evaluator(slug: slug) != nil
            case .prompt(let id): return try await promptRecord(id) != nil
            }
            return true
        } catch  where error.status == 404 {
            return false
        }
    }

    public func referenceVersion(_ reference: RemoteReference) async throws(RespanAPIError) -> String?? {
        let item: CatalogItem?
        do {
            switch reference {
            case .evaluator(let id): item = try await evaluator(String(id.split(separator: ":").first ?? ""))
            case .evaluatorSlug(let slug): item = try await evaluator(slug: slug)
            default: return try await referenceExists(reference) ? .some(nil) : nil
            }
        } catch  where error.status == 404 {
            return nil
        }
        guard let item else { return nil }
        return .some(CatalogItem.versionText(item.raw))
    }

    public func datasetRows(_ id: String) async throws(RespanAPIError) -> Int?? {
        do {
            let item = try await dataset(id)
            return .some(item.raw["log_count"]?.intValue)
        } catch  where error.status == 404 {
            return nil
        }
    }

    public func verifyConnection() async throws(RespanAPIError) {
        _ = try await experimentPage(filters: [], page: 1, pageSize: 1)
    }
}

extension CatalogItem {
    /// What tells one version of an evaluator from the next (respan-api.md §4: the object has
    /// `version` and `updated_at`): "version 3", else "updated 2026-…", else nil.
    static func versionText(_ raw: JSONValue) -> String? {
        if let version = raw["version"], version != .null {
            return "version " + (version.stringValue ?? version.serialized())
        }
        return raw["updated_at"]?.stringValue.map { "updated " + $0 }
    }
}
