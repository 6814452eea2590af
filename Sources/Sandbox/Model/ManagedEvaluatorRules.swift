import RespanCore

/// The sandbox's reading of Respan's evaluator rules (respan-api.md §4), and its choices
/// where the docs are silent: the first draft is version 0 (the docs and 0.1.47); a commit
/// freezes the draft as that version and answers the next draft; runs score with the latest committed version (the draft
/// before any commit).
enum ManagedEvaluatorRules {
    static let types = ["llm", "human", "code"]
    /// The values Respan's SDK (v0.1.47) lists.
    static let scoreValueTypes = [
        "numerical", "boolean", "percentage", "single_select", "multi_select", "text", "json", "comment", "categorical",
    ]
    /// Fields a client may set; the rest (id, version, timestamps) are the server's.
    static let editable = [
        "name", "evaluator_slug", "type", "score_value_type", "eval_class", "description", "score_config",
        "passing_conditions", "llm_config", "code_config", "configurations", "categorical_choices", "starred",
    ]

    /// The create body, checked: `name`, `type` and `score_value_type` are required.
    static func draft(fromCreate body: JSONValue?) throws(APIError) -> [String: JSONValue] {
        guard let object = body?.objectValue else { throw APIError.badRequest("The body must be a JSON object.") }
        var errors: [String: [String]] = [:]
        for field in ["name", "type", "score_value_type"] where object[field]?.stringValue?.isEmpty ?? true {
            errors[field] = ["This field is required."]
        }
        var draft = try checked(object, errors: &errors)
        if !errors.isEmpty { throw APIError.invalid(errors) }
        if draft["evaluator_slug"]?.stringValue?.isEmpty ?? true {
            let name = draft["name"]?.stringValue ?? "evaluator"
            draft["evaluator_slug"] = .string(slug(name) + "-" + RunSimulation.hex(name).prefix(6))
        }
        return draft
    }

    /// A PATCH of the draft: only the fields sent change.
    static func patched(_ draft: [String: JSONValue], with body: JSONValue?) throws(APIError) -> [String: JSONValue] {
        guard let object = body?.objectValue else { throw APIError.badRequest("The body must be a JSON object.") }
        var errors: [String: [String]] = [:]
        let fields = try checked(object, errors: &errors)
        if !errors.isEmpty { throw APIError.invalid(errors) }
        return draft.merging(fields) { _, new in new }
    }

    private static func checked(
        _ object: [String: JSONValue], errors: inout [String: [String]]
    ) throws(APIError) -> [String: JSONValue] {
        var fields: [String: JSONValue] = [:]
        for (key, value) in object where editable.contains(key) { fields[key] = value }
        if let type = object["type"]?.stringValue, !types.contains(type) {
            errors["type"] = ["\"\(type)\" is not a valid choice."]
        }
        if let kind = object["score_value_type"]?.stringValue, !scoreValueTypes.contains(kind) {
            errors["score_value_type"] = ["\"\(kind)\" is not a valid choice."]
        }
        for field in ["score_config", "llm_config", "code_config", "passing_conditions"] {
            if let value = object[field], value != .null, value.objectValue == nil {
                errors[field] = ["Expected a dictionary of items."]
            }
        }
        return fields
    }

    /// The draft opened as `version`: writable, with a fresh version id.
    static func opened(_ fields: [String: JSONValue], version: Int, at time: Double) -> [String: JSONValue] {
        var draft = fields
        let id = fields["id"]?.stringValue ?? ""
        draft["version"] = .int(version)
        draft["version_id"] = .string("evlv_" + RunSimulation.hex(id, String(version)))
        draft["is_read_only"] = false
        draft["version_description"] = ""
        draft["updated_at"] = time.iso8601
        return draft
    }

    static func slug(_ name: String) -> String {
        let lowered = name.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }
        return String(lowered).split(separator: "-").joined(separator: "-")
    }
}
