import RespanCore

/// An experiment as Respan returns it: a list item (ExperimentSummary) or the full object.
///
/// The fields of the full object are nil in a summary. `raw` keeps the whole response, so
/// a caller can compare what the server holds without this type deciding what matters.
public struct Experiment: Sendable, Equatable {
    public var id: String
    public var name: String?
    public var description: String?
    /// `pending`, `running`, `completed`, `failed`, or whatever the server says.
    public var status: String?
    /// 0–100.
    public var progress: Double?
    public var datasetID: String?
    public var createdAt: String?
    public var startedAt: String?
    public var completedAt: String?
    public var tags: JSONValue?
    public var workflow: JSONValue?
    public var evaluatorIDs: [String]?
    public var evaluatorSlugs: [String]?
    public var evaluatorWorkflowIDs: [String]?
    public var batchSize: Int?
    public var concurrency: Int?
    public var enableTracing: Bool?
    public var spanWorkflowName: String?
    public var generationMethod: String?
    public var errorMessage: String?
    public var raw: JSONValue

    /// Decodes an experiment tolerantly: unknown fields are ignored, optional ones may be missing.
    public init(json: JSONValue) throws(RespanAPIError) {
        let reader = JSONReader(json)
        guard let id = reader.id("id") else { throw .decoding("an experiment without an 'id'") }
        self.id = id
        name = reader.string("name")
        description = reader.string("description")
        status = reader.string("status")
        progress = reader.double("progress")
        datasetID = reader.id("dataset_id") ?? reader.id("dataset")
        createdAt = reader.string("created_at")
        startedAt = reader.string("started_at")
        completedAt = reader.string("completed_at")
        tags = reader.object("tags")
        workflow = reader.object("workflow")
        evaluatorIDs = reader.strings("evaluator_ids")
        evaluatorSlugs = reader.strings("evaluator_slugs")
        evaluatorWorkflowIDs = reader.strings("evaluator_workflow_ids")
        batchSize = reader.int("batch_size")
        concurrency = reader.int("concurrency")
        enableTracing = reader.bool("enable_tracing")
        spanWorkflowName = reader.string("span_workflow_name")
        generationMethod = reader.string("generation_method")
        errorMessage = reader.string("error_message")
        raw = json
    }
}

/// The answer to a create with a chosen id: the experiment, and whether it was already there.
public struct CreatedExperiment: Sendable, Equatable {
    public var experiment: Experiment
    /// The create was refused or lost (409, 400, 5xx, no answer) and a lookup found the id
    /// held: made by an earlier attempt, another work tree, or anyone else. The caller must
    /// compare its spec before adopting it.
    public var foundExisting: Bool

    public init(experiment: Experiment, foundExisting: Bool) {
        self.experiment = experiment
        self.foundExisting = foundExisting
    }
}

/// One page of a paginated list: `{count, next, previous, results}`.
public struct Page<Item: Sendable>: Sendable {
    public var count: Int?
    public var next: String?
    public var previous: String?
    public var results: [Item]

    /// A page as given (for in-memory remotes in tests).
    public init(count: Int? = nil, next: String? = nil, previous: String? = nil, results: [Item]) {
        self.count = count
        self.next = next
        self.previous = previous
        self.results = results
    }

    init(json: JSONValue, item: (JSONValue) throws(RespanAPIError) -> Item) throws(RespanAPIError) {
        guard let results = json["results"]?.arrayValue else { throw .decoding("a page without 'results'") }
        let reader = JSONReader(json)
        count = reader.int("count") ?? reader.int("total_count")
        next = reader.string("next")
        previous = reader.string("previous")
        var items: [Item] = []
        for result in results { items.append(try item(result)) }
        self.results = items
    }
}

/// A filter condition: `{"field": {"operator": "in", "value": [...]}}`.
public struct Filter: Sendable, Equatable {
    public var field: String
    public var op: String
    public var value: JSONValue

    public init(_ field: String, _ op: String = "", _ value: JSONValue) {
        self.field = field
        self.op = op
        self.value = value
    }

    static func body(_ filters: [Filter]) -> JSONValue {
        var object: [String: JSONValue] = [:]
        for filter in filters { object[filter.field] = ["operator": .string(filter.op), "value": filter.value] }
        return ["filters": .object(object)]
    }
}
