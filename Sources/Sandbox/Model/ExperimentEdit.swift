import RespanCore

/// The validated fields of a create, replace or update body, parsed from raw JSON.
///
/// Parsing is the sandbox's own: it reads the wire format the docs describe, so it catches
/// a client that sends something else. A field the docs do not list (`tags` is response-only,
/// respan-api.md §9) is refused or dropped, as `RemoteBehaviour.unknownFields` says.
struct ExperimentEdit: Sendable {
    var name: String?
    var description: String?
    var datasetID: String?
    var workflow: JSONValue?
    var evaluatorIDs: [String]?
    var evaluatorSlugs: [String]?
    var evaluatorWorkflowIDs: [String]?
    var experimentID: String?
    var spanWorkflowName: String?
    var enableTracing: Bool?
    var batchSize: Int?
    var concurrency: Int?
    var generationMethod: String?

    static let stepTypes: Set<String> = ["prompt", "completion", "eval", "condition", "wait", "duplicate"]
    /// The 13 request fields of respan-api.md §2.2, and the older generation's `workflows`.
    static let documentedFields: Set<String> = [
        "name", "description", "dataset_id", "workflow", "workflows", "evaluator_ids", "evaluator_slugs",
        "evaluator_workflow_ids", "experiment_id", "span_workflow_name", "enable_tracing", "batch_size",
        "concurrency", "generation_method",
    ]

    init(parsing body: JSONValue?, unknownFields: RemoteBehaviour.UnknownFields = .reject) throws(APIError) {
        guard let object = body?.objectValue else {
            throw APIError.badRequest("The request body must be a JSON object.")
        }
        let unknown = object.keys.filter { !Self.documentedFields.contains($0) }.sorted()
        if unknownFields == .reject, !unknown.isEmpty {
            // Django REST's shape for a field the serializer does not take.
            throw APIError(
                status: 400, detail: "Unknown field(s): \(unknown.joined(separator: ", ")).",
                fieldErrors: Dictionary(uniqueKeysWithValues: unknown.map { ($0, ["This field is not accepted."]) }))
        }
        var reader = FieldReader(object: object)
        name = reader.string("name")
        description = reader.string("description", allowNull: true)
        datasetID = reader.string("dataset_id", nonEmpty: true)
        // The older API generation sent `workflows`; the docs map it to `workflow`.
        workflow = reader.workflow(object["workflow"] != nil ? "workflow" : "workflows")
        evaluatorIDs = reader.strings("evaluator_ids")
        evaluatorSlugs = reader.strings("evaluator_slugs")
        evaluatorWorkflowIDs = reader.strings("evaluator_workflow_ids")
        experimentID = reader.string("experiment_id", nonEmpty: true)
        spanWorkflowName = reader.string("span_workflow_name", nonEmpty: true)
        enableTracing = reader.bool("enable_tracing")
        batchSize = reader.positiveInt("batch_size")
        concurrency = reader.positiveInt("concurrency")
        generationMethod = reader.string("generation_method", nonEmpty: true)
        if !reader.errors.isEmpty { throw APIError.invalid(reader.errors) }
    }

    /// Whether the edit touches a field that defines the run.
    var changesRun: Bool {
        datasetID != nil || workflow != nil || evaluatorIDs != nil || evaluatorSlugs != nil
            || evaluatorWorkflowIDs != nil || spanWorkflowName != nil || enableTracing != nil || batchSize != nil
            || concurrency != nil || generationMethod != nil
    }
}

/// Reads typed fields out of a JSON object, collecting 422 field errors.
private struct FieldReader {
    let object: [String: JSONValue]
    var errors: [String: [String]] = [:]

    mutating func fail<T>(_ key: String, _ message: String) -> T? {
        errors[key, default: []].append(message)
        return nil
    }

    mutating func string(_ key: String, nonEmpty: Bool = false, allowNull: Bool = false) -> String? {
        guard let value = object[key] else { return nil }
        if value == .null, allowNull { return "" }
        guard let text = value.stringValue else { return fail(key, "Not a valid string.") }
        if nonEmpty && text.isEmpty { return fail(key, "This field may not be blank.") }
        return text
    }

    mutating func strings(_ key: String) -> [String]? {
        guard let value = object[key] else { return nil }
        guard let items = value.arrayValue, items.allSatisfy({ $0.stringValue?.isEmpty == false }) else {
            return fail(key, "Expected a list of non-empty strings.")
        }
        return items.compactMap(\.stringValue)
    }

    mutating func bool(_ key: String) -> Bool? {
        guard let value = object[key] else { return nil }
        guard let flag = value.boolValue else { return fail(key, "Must be a valid boolean.") }
        return flag
    }

    mutating func positiveInt(_ key: String) -> Int? {
        guard let value = object[key] else { return nil }
        guard let number = value.intValue, number >= 1 else {
            return fail(key, "Ensure this value is an integer greater than or equal to 1.")
        }
        return number
    }

    mutating func workflow(_ key: String) -> JSONValue? {
        guard let value = object[key] else { return nil }
        guard let steps = value.arrayValue, !steps.isEmpty else {
            return fail("workflow", "Expected a non-empty list of workflow steps.")
        }
        var normalized: [JSONValue] = []
        for (index, step) in steps.enumerated() {
            guard var fields = step.objectValue, var type = fields["type"]?.stringValue else {
                return fail("workflow", "Step \(index): 'type' is required.")
            }
            if type == "evaluator" { type = "eval" }  // the legacy name, normalized as the API does
            guard ExperimentEdit.stepTypes.contains(type) else {
                return fail("workflow", "Step \(index): '\(type)' is not a valid step type.")
            }
            guard fields["config"]?.objectValue != nil else {
                return fail("workflow", "Step \(index): 'config' must be an object ({} is allowed).")
            }
            fields["type"] = .string(type)
            normalized.append(.object(fields))
        }
        return .array(normalized)
    }
}

extension ExperimentEdit {
    /// The edit as a normalising backend stores it (`--normalise-echo`): each workflow step's
    /// config gains the server's defaults it left out, and its keys come back in another order.
    var normalised: ExperimentEdit {
        var copy = self
        copy.workflow = workflow.map { steps in
            .array(
                (steps.arrayValue ?? []).map { step in
                    guard var fields = step.objectValue, var config = fields["config"]?.objectValue else { return step }
                    for (key, value) in Self.configDefaults[fields["type"]?.stringValue ?? ""] ?? [:]
                    where config[key] == nil {
                        config[key] = value
                    }
                    fields["config"] = .object(config)
                    return .object(fields)
                })
        }
        return copy
    }

    /// What a normalising backend fills into a step's config when it is left out.
    static let configDefaults: [String: [String: JSONValue]] = [
        "completion": ["temperature": 1.0, "top_p": 1.0, "stream": false],
        "prompt": ["stream": false],
        "eval": ["threshold": .null],
    ]
}
