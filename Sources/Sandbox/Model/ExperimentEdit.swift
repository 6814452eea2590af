import RespanCore

/// The validated fields of a create, replace or update body, parsed from raw JSON.
///
/// Parsing is the sandbox's own: it reads the wire format the docs describe, so it catches
/// a client that sends something else. Unknown fields are ignored, as the real API does.
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
    var tags: JSONValue?

    static let stepTypes: Set<String> = ["prompt", "completion", "eval", "condition", "wait", "duplicate"]

    init(parsing body: JSONValue?) throws(APIError) {
        guard let object = body?.objectValue else {
            throw APIError.badRequest("The request body must be a JSON object.")
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
        tags = reader.tags("tags")
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

    mutating func tags(_ key: String) -> JSONValue? {
        guard let value = object[key] else { return nil }
        guard let items = value.arrayValue, items.allSatisfy({ $0.objectValue != nil }) else {
            return fail(key, "Expected a list of objects.")
        }
        return value
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
