import Lockfiles
import RespanAPI
import RespanCore

/// The remote operations managed datasets and evaluators need (respan-api.md §3–4), apart
/// from `ExperimentRemote`. `RespanClient` conforms; so may an in-memory remote in tests.
public protocol CatalogRemote: Sendable {
    func createDataset(name: String, description: String) async throws(RespanAPIError) -> DatasetRecord
    func datasetRecord(_ id: String) async throws(RespanAPIError) -> DatasetRecord
    /// The datasets whose name is exactly `name`.
    func datasets(named name: String) async throws(RespanAPIError) -> [DatasetRecord]
    func updateDataset(_ id: String, description: String) async throws(RespanAPIError) -> DatasetRecord
    /// Deletes a dataset and its rows; one already gone counts as deleted.
    func deleteDataset(_ id: String) async throws(RespanAPIError)
    /// `/logs/bulk/`: rows succeed or fail one by one. Retried where it may not have reached
    /// Respan, after checking that the dataset still holds `heldBefore` rows.
    func addDatasetLogs(
        _ id: String, _ rows: [JSONValue], heldBefore: Int
    ) async throws(RespanAPIError)
        -> BulkLogsResult
    /// The dataset's `log_count` once it reaches `rows`, or the last count read after `within`.
    func datasetLogCount(_ id: String, reaching rows: Int, within: Duration) async throws(RespanAPIError) -> Int?
    func createEvaluator(_ body: JSONValue) async throws(RespanAPIError) -> EvaluatorRecord
    /// The evaluator with this slug, or nil.
    func evaluatorRecord(slug: String) async throws(RespanAPIError) -> EvaluatorRecord?
    func updateEvaluator(_ id: String, _ body: JSONValue) async throws(RespanAPIError) -> EvaluatorRecord
    func commitEvaluatorVersion(_ id: String, description: String) async throws(RespanAPIError) -> EvaluatorRecord
    /// Newest first.
    func evaluatorVersions(_ id: String) async throws(RespanAPIError) -> [EvaluatorRecord]
    func createPrompt(name: String, description: String) async throws(RespanAPIError) -> PromptRecord
    func createPromptVersion(_ id: String, _ body: JSONValue) async throws(RespanAPIError) -> PromptVersionRecord
    func commitPrompt(_ id: String, description: String) async throws(RespanAPIError) -> PromptVersionRecord?
    /// Newest first.
    func promptVersions(_ id: String) async throws(RespanAPIError) -> [PromptVersionRecord]
}

extension RespanClient: CatalogRemote {
    public func evaluatorRecord(slug: String) async throws(RespanAPIError) -> EvaluatorRecord? {
        guard let item = try await evaluator(slug: slug) else { return nil }
        return try EvaluatorRecord(json: item.raw)
    }
}

/// Why managed objects cannot be synced, saying what to do.
public enum CatalogError: Error, Sendable, CustomStringConvertible {
    /// The remote answers to experiments but not to dataset and evaluator writes.
    case unsupportedRemote

    public var description: String {
        switch self {
        case .unsupportedRemote:
            "this remote cannot create datasets, evaluators or prompts; managed ones need Respan or the sandbox"
        }
    }
}
