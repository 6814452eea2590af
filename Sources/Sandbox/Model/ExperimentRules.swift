import RespanCore

/// The sandbox's reading of Respan's experiment rules, including its choices where the
/// docs are silent (listed in docs/sandbox.md).
enum ExperimentRules {
    static func checkCreate(_ edit: ExperimentEdit, catalog: Catalog) throws(APIError) {
        var missing: [String: [String]] = [:]
        if edit.datasetID == nil { missing["dataset_id"] = ["This field is required."] }
        if edit.workflow == nil { missing["workflow"] = ["This field is required."] }
        if !missing.isEmpty { throw APIError.invalid(missing) }
        try checkScoringPath(
            ids: edit.evaluatorIDs ?? [], slugs: edit.evaluatorSlugs ?? [],
            workflows: edit.evaluatorWorkflowIDs ?? [])
        try checkEdit(edit, catalog: catalog)
    }

    /// Referenced objects must exist; the detail names the one that does not.
    static func checkEdit(_ edit: ExperimentEdit, catalog: Catalog) throws(APIError) {
        if let id = edit.datasetID, catalog.dataset(id) == nil {
            throw APIError.badRequest("Dataset '\(id)' does not exist.")
        }
        for id in edit.evaluatorIDs ?? [] where catalog.evaluator(id: id) == nil {
            throw APIError.badRequest("Evaluator '\(id)' does not exist.")
        }
        for slug in edit.evaluatorSlugs ?? [] where catalog.evaluator(slug: slug) == nil {
            throw APIError.badRequest("Evaluator with slug '\(slug)' does not exist.")
        }
        for id in edit.evaluatorWorkflowIDs ?? [] where catalog.evaluatorWorkflows[id] == nil {
            throw APIError.badRequest("Evaluator workflow version '\(id)' does not exist.")
        }
        // A prompt step names a prompt made through the API, and a version of it (respan-api.md §2.3).
        for step in edit.workflow?.arrayValue ?? [] where step["type"] == "prompt" {
            guard let id = step["config"]?["prompt_id"]?.stringValue else { continue }
            guard let versions = catalog.promptModels[id] else {
                throw APIError.badRequest("Prompt '\(id)' does not exist.")
            }
            if let number = Catalog.promptVersion(of: step), versions[number] == nil {
                throw APIError.badRequest("Prompt '\(id)' has no version \(number).")
            }
        }
    }

    static func checkScoring(of record: ExperimentRecord) throws(APIError) {
        try checkScoringPath(
            ids: record.evaluatorIDs, slugs: record.evaluatorSlugs, workflows: record.evaluatorWorkflowIDs)
    }

    /// "Provide exactly one scoring path": evaluators (ids or slugs) or evaluator workflows.
    private static func checkScoringPath(ids: [String], slugs: [String], workflows: [String]) throws(APIError) {
        let evaluators = !ids.isEmpty || !slugs.isEmpty
        if evaluators == !workflows.isEmpty {
            let message =
                evaluators
                ? "Provide exactly one scoring path: evaluator_ids/evaluator_slugs or evaluator_workflow_ids, not both."
                : "Provide exactly one scoring path: evaluator_ids, evaluator_slugs or evaluator_workflow_ids."
            throw APIError.invalid(["evaluator_ids": [message]])
        }
    }

    /// The answer to a create whose id exists (`--duplicate-id`; the docs are silent).
    static func duplicate(_ id: String, answer: RemoteBehaviour.DuplicateIDAnswer) -> APIError {
        switch answer {
        case .conflict: APIError(status: 409, detail: "An experiment with id '\(id)' already exists.")
        case .badRequest:
            APIError(
                status: 400, detail: "Invalid input.",
                fieldErrors: ["experiment_id": ["experiment with this experiment id already exists."]])
        case .serverError:
            APIError(status: 500, detail: "duplicate key value violates unique constraint \"experiments_pkey\"")
        }
    }

    static func newRecord(id: String, _ edit: ExperimentEdit, at time: Double) -> ExperimentRecord {
        var record = ExperimentRecord(
            id: id, name: edit.name ?? "", description: edit.description ?? "", datasetID: edit.datasetID ?? "",
            workflow: edit.workflow ?? [], evaluatorIDs: [], evaluatorSlugs: [], evaluatorWorkflowIDs: [],
            spanWorkflowName: ExperimentRecord.Defaults.spanWorkflowName,
            enableTracing: ExperimentRecord.Defaults.enableTracing, batchSize: ExperimentRecord.Defaults.batchSize,
            concurrency: ExperimentRecord.Defaults.concurrency, generationMethod: nil, tags: [], createdAt: time,
            updatedAt: time, runStartedAt: time, runNumber: 1)
        apply(edit, to: &record, replace: true)
        return record
    }

    /// Applies the fields of an edit. Sandbox choice (the docs are silent): PUT resets every
    /// omitted field that has a server default (description, tags, span_workflow_name,
    /// enable_tracing, batch_size, concurrency, generation_method) and keeps the name,
    /// tags (response-only),
    /// dataset, workflow and scoring path when they are omitted; PATCH changes only what is
    /// sent. `evaluator_ids` wins over `evaluator_slugs` when both are sent, as documented.
    static func apply(_ edit: ExperimentEdit, to record: inout ExperimentRecord, replace: Bool) {
        typealias Defaults = ExperimentRecord.Defaults
        if let name = edit.name { record.name = name }
        if let id = edit.datasetID { record.datasetID = id }
        if let workflow = edit.workflow { record.workflow = workflow }
        applyScoring(edit, to: &record)
        if replace {
            record.description = edit.description ?? ""
            record.spanWorkflowName = edit.spanWorkflowName ?? Defaults.spanWorkflowName
            record.enableTracing = edit.enableTracing ?? Defaults.enableTracing
            record.batchSize = edit.batchSize ?? Defaults.batchSize
            record.concurrency = edit.concurrency ?? Defaults.concurrency
            record.generationMethod = edit.generationMethod
        } else {
            if let value = edit.description { record.description = value }
            if let value = edit.spanWorkflowName { record.spanWorkflowName = value }
            if let value = edit.enableTracing { record.enableTracing = value }
            if let value = edit.batchSize { record.batchSize = value }
            if let value = edit.concurrency { record.concurrency = value }
            if let value = edit.generationMethod { record.generationMethod = value }
        }
    }

    private static func applyScoring(_ edit: ExperimentEdit, to record: inout ExperimentRecord) {
        let ids = edit.evaluatorIDs ?? [], slugs = edit.evaluatorSlugs ?? [],
            workflows = edit.evaluatorWorkflowIDs ?? []
        guard edit.evaluatorIDs != nil || edit.evaluatorSlugs != nil || edit.evaluatorWorkflowIDs != nil else { return }
        record.evaluatorIDs = ids
        record.evaluatorSlugs = ids.isEmpty ? slugs : []
        record.evaluatorWorkflowIDs = workflows
    }
}
