import RespanCore

/// A dataset as `/api/datasets/…` returns it: the fields managed datasets are checked by.
public struct DatasetRecord: Sendable, Equatable {
    public var id: String
    public var name: String?
    public var description: String?
    /// `log_count`: the rows it holds.
    public var logCount: Int?
    public var status: String?
    public var raw: JSONValue

    public init(json: JSONValue) throws(RespanAPIError) {
        let reader = JSONReader(json)
        guard let id = reader.id("id") else { throw .decoding("a dataset without an 'id'") }
        self.id = id
        name = reader.string("name")
        description = reader.string("description")
        logCount = reader.int("log_count")
        status = reader.string("status")
        raw = json
    }
}

/// The answer to `/logs/bulk/`: rows may succeed or fail one by one.
public struct BulkLogsResult: Sendable, Equatable {
    public struct RowError: Sendable, Equatable {
        /// The row's position in the request's `logs`.
        public var index: Int
        public var error: String
    }

    public var successCount: Int
    public var errorCount: Int
    public var errors: [RowError]

    public init(successCount: Int, errors: [RowError]) {
        self.successCount = successCount
        self.errorCount = errors.count
        self.errors = errors
    }

    public init(json: JSONValue, sent: Int) {
        let reader = JSONReader(json)
        errors = (json["errors"]?.arrayValue ?? []).compactMap { item in
            let row = JSONReader(item)
            guard let index = row.int("index") else { return nil }
            return RowError(
                index: index, error: row.string("error") ?? item["error"].map { $0.serialized() } ?? "rejected")
        }
        errorCount = reader.int("error_count") ?? reader.int("total_errors") ?? errors.count
        successCount = reader.int("success_count") ?? max(0, sent - errorCount)
    }
}

/// An evaluator as `/api/evaluators/…` returns it (the current draft, or one version).
public struct EvaluatorRecord: Sendable, Equatable {
    /// Stable across versions.
    public var id: String
    public var slug: String?
    public var version: Int?
    public var versionDescription: String?
    public var isReadOnly: Bool?
    public var raw: JSONValue

    public init(json: JSONValue) throws(RespanAPIError) {
        let reader = JSONReader(json)
        guard let id = reader.id("id") else { throw .decoding("an evaluator without an 'id'") }
        self.id = id
        slug = reader.string("evaluator_slug")
        version = reader.int("version")
        versionDescription = reader.string("version_description")
        isReadOnly = reader.bool("is_read_only")
        raw = json
    }
}

/// A prompt (`/api/prompts/`, respan-api.md §5): stable across its versions.
public struct PromptRecord: Sendable, Equatable {
    public var id: String
    public var slug: String?
    public var raw: JSONValue

    public init(json: JSONValue) throws(RespanAPIError) {
        let reader = JSONReader(json)
        guard let id = reader.id("id") ?? reader.id("prompt_id") else { throw .decoding("a prompt without an 'id'") }
        self.id = id
        slug = reader.string("prompt_slug")
        raw = json
    }
}

/// One version of a prompt: `version` (a number), `readonly` once committed, and the
/// commit's description, where respan-plan marks the content it holds.
public struct PromptVersionRecord: Sendable, Equatable {
    public var version: Int
    public var readonly: Bool
    public var description: String?
    public var raw: JSONValue

    public init(json: JSONValue) throws(RespanAPIError) {
        let reader = JSONReader(json)
        guard let version = reader.int("version") ?? reader.string("version").flatMap({ Int($0) }) else {
            throw .decoding("a prompt version without a 'version'")
        }
        self.version = version
        readonly = reader.bool("readonly") ?? reader.bool("is_read_only") ?? false
        description = reader.string("description") ?? reader.string("commit_description")
        raw = json
    }
}
