import RespanCore

/// An experiment as the sandbox stores it: the editable spec plus run bookkeeping.
struct ExperimentRecord: Sendable, Equatable {
    var id: String
    var name: String
    var description: String
    var datasetID: String
    var workflow: JSONValue
    var evaluatorIDs: [String]
    var evaluatorSlugs: [String]
    var evaluatorWorkflowIDs: [String]
    var spanWorkflowName: String
    var enableTracing: Bool
    var batchSize: Int
    var concurrency: Int
    var generationMethod: String?
    var tags: JSONValue
    /// Unix seconds.
    var createdAt: Double
    var updatedAt: Double
    /// When the current run started; a restart moves it.
    var runStartedAt: Double
    var runNumber: Int
    /// The definition hash of each evaluator made through the API, as it was when the run
    /// started: a run keeps the scores of the version it ran with when a new one is committed.
    var scoringSalts: [String: String] = [:]
    /// Each check evaluator's check (`SandboxCheck`), as it was when the run started.
    var checks: [String: JSONValue] = [:]
    /// Trace id → the output submitted to it (`PATCH …/logs/{log_id}/`), for a `wait` workflow.
    /// Trace ids carry the run number, so a rerun's traces await their outputs again.
    var submissions: [String: JSONValue] = [:]

    /// The fields Respan documents with server-side defaults, as the sandbox fills them.
    enum Defaults {
        static let spanWorkflowName = "workflow"
        static let enableTracing = true
        static let batchSize = 100
        static let concurrency = 15
    }

    /// What defines a run: a change to any of these restarts it.
    var runSpec: JSONValue {
        [
            "dataset_id": .string(datasetID), "workflow": workflow,
            "evaluator_ids": .array(evaluatorIDs.map { .string($0) }),
            "evaluator_slugs": .array(evaluatorSlugs.map { .string($0) }),
            "evaluator_workflow_ids": .array(evaluatorWorkflowIDs.map { .string($0) }),
            "span_workflow_name": .string(spanWorkflowName), "enable_tracing": .bool(enableTracing),
            "batch_size": .int(batchSize), "concurrency": .int(concurrency),
            "generation_method": generationMethod.map { .string($0) } ?? .null,
        ]
    }

    /// Every evaluator the run scores with, as scores are keyed (id, slug or workflow id).
    var scoringKeys: [String] { evaluatorIDs + evaluatorSlugs + evaluatorWorkflowIDs }
}

extension ExperimentRecord {
    /// The stored form, for the data directory.
    var stored: JSONValue {
        var object = runSpec.objectValue ?? [:]
        object["id"] = .string(id)
        object["name"] = .string(name)
        object["description"] = .string(description)
        object["tags"] = tags
        object["created_at"] = .number(JSONNumber(createdAt) ?? JSONNumber(0))
        object["updated_at"] = .number(JSONNumber(updatedAt) ?? JSONNumber(0))
        object["run_started_at"] = .number(JSONNumber(runStartedAt) ?? JSONNumber(0))
        object["run_number"] = .int(runNumber)
        if !scoringSalts.isEmpty { object["scoring_salts"] = .object(scoringSalts.mapValues { .string($0) }) }
        if !submissions.isEmpty { object["submissions"] = .object(submissions) }
        if !checks.isEmpty { object["checks"] = .object(checks) }
        return .object(object)
    }

    init?(stored value: JSONValue) {
        guard let id = value["id"]?.stringValue, let datasetID = value["dataset_id"]?.stringValue else { return nil }
        func strings(_ key: String) -> [String] { value[key]?.arrayValue?.compactMap(\.stringValue) ?? [] }
        func number(_ key: String) -> Double { value[key]?.numberValue?.doubleValue ?? 0 }
        self.id = id
        self.name = value["name"]?.stringValue ?? ""
        self.description = value["description"]?.stringValue ?? ""
        self.datasetID = datasetID
        self.workflow = value["workflow"] ?? []
        self.evaluatorIDs = strings("evaluator_ids")
        self.evaluatorSlugs = strings("evaluator_slugs")
        self.evaluatorWorkflowIDs = strings("evaluator_workflow_ids")
        self.spanWorkflowName = value["span_workflow_name"]?.stringValue ?? Defaults.spanWorkflowName
        self.enableTracing = value["enable_tracing"]?.boolValue ?? Defaults.enableTracing
        self.batchSize = value["batch_size"]?.intValue ?? Defaults.batchSize
        self.concurrency = value["concurrency"]?.intValue ?? Defaults.concurrency
        self.generationMethod = value["generation_method"]?.stringValue
        self.tags = value["tags"] ?? []
        self.createdAt = number("created_at")
        self.updatedAt = number("updated_at")
        self.runStartedAt = number("run_started_at")
        self.runNumber = value["run_number"]?.intValue ?? 1
        self.scoringSalts = value["scoring_salts"]?.objectValue?.compactMapValues(\.stringValue) ?? [:]
        self.submissions = value["submissions"]?.objectValue ?? [:]
        self.checks = value["checks"]?.objectValue ?? [:]
    }
}
