import RespanCore

extension RunSimulation {
    /// ExperimentSummary: what list endpoints return for each item.
    var summaryJSON: JSONValue {
        let dataset = catalog.dataset(record.datasetID)
        return [
            "id": .string(record.id), "name": .string(record.name), "description": .string(record.description),
            "status": .string(status), "created_at": record.createdAt.iso8601, "updated_at": record.updatedAt.iso8601,
            "dataset": .string(record.datasetID), "dataset_id": .string(record.datasetID),
            "dataset_name": dataset.map { .string($0.name) } ?? .null,
            "workflow_count": .int(record.workflow.arrayValue?.count ?? 0), "progress": progress.json,
            "started_at": startedAt?.preciseISO8601 ?? .null, "completed_at": completedAt?.preciseISO8601 ?? .null,
            "tags": record.tags,
        ]
    }

    /// Experiment: the summary plus the full spec.
    var fullJSON: JSONValue {
        var object = summaryJSON.objectValue ?? [:]
        object["workflow"] = record.workflow
        object["evaluator_ids"] = .array(record.evaluatorIDs.map { .string($0) })
        object["evaluator_slugs"] = .array(record.evaluatorSlugs.map { .string($0) })
        object["evaluator_workflow_ids"] = .array(record.evaluatorWorkflowIDs.map { .string($0) })
        object["batch_size"] = .int(record.batchSize)
        object["concurrency"] = .int(record.concurrency)
        object["enable_tracing"] = .bool(record.enableTracing)
        object["span_workflow_name"] = .string(record.spanWorkflowName)
        object["generation_method"] = record.generationMethod.map { .string($0) } ?? .null
        object["error_message"] = errorMessage.map { .string($0) } ?? .null
        return .object(object)
    }
}
