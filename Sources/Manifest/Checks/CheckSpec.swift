import RespanCore

/// A built-in check (design §13) as the generated evaluator code reads it:
/// `{"kind": "contains", "not": false, "value": "refund"}`, `{"kind": "row"}` (the row's own
/// checks, `metadata.assert`), or `{"all": [check, …]}` (passes when every one passes).
///
/// Kinds, after promptfoo's assertions of the same names (`not-contains` may be written
/// `not_contains`): `contains`, `icontains`, `contains_any`, `contains_all`, `icontains_any`,
/// `icontains_all`, `equals`, `starts_with`, `regex`, `is_json` (with an optional JSON Schema),
/// each also with `not_` in front.
public enum CheckSpec {
    public static let kinds = [
        "contains", "icontains", "contains_any", "contains_all", "icontains_any", "icontains_all", "equals",
        "starts_with", "regex", "is_json",
    ]
    /// The JSON Schema keywords the generated `is_json` check validates; any other is refused
    /// rather than silently ignored.
    public static let schemaKeywords: Set<String> = [
        "type", "properties", "required", "items", "enum", "const", "additionalProperties", "minItems", "maxItems",
        "minLength", "maxLength", "minimum", "maximum", "$schema", "title", "description",
    ]
    static let schemaTypes: Set<String> = ["object", "array", "string", "number", "integer", "boolean", "null"]

    /// Whether the check reads the row's own checks (`row`, alone or inside `all`).
    public static func readsRow(_ check: JSONValue) -> Bool {
        if check["kind"] == "row" { return true }
        return check["all"]?.arrayValue?.contains(where: readsRow) ?? false
    }

    /// A manifest's `check:` value: `row`, `{KIND: VALUE}` or `{all: [ITEM, …]}`; the
    /// normalized check, or why it is not one.
    public static func manifestCheck(_ value: JSONValue) -> Result<JSONValue, CheckError> {
        if value == "row" { return .success(["kind": "row"]) }
        guard let object = value.objectValue, object.count == 1, let (key, argument) = object.first else {
            return .failure(
                CheckError(
                    "a check is 'row', '{ KIND: VALUE }' or '{ all: [CHECK, …] }', with one kind: "
                        + kinds.joined(separator: ", ") + " (each also as not_KIND)"))
        }
        if key == "all" {
            guard let items = argument.arrayValue, !items.isEmpty else {
                return .failure(CheckError("'all' takes a non-empty list of checks"))
            }
            var checks: [JSONValue] = []
            for item in items {
                switch manifestCheck(item) {
                case .success(let check): checks.append(check)
                case .failure(let error): return .failure(error)
                }
            }
            return .success(["all": .array(checks)])
        }
        return kindCheck(key, argument)
    }

    /// One entry of a row's `assert` list: `{type: KIND, value: VALUE}` (promptfoo's form) or
    /// `{KIND: VALUE}`.
    public static func rowCheck(_ entry: JSONValue) -> Result<JSONValue, CheckError> {
        guard let object = entry.objectValue else {
            return .failure(CheckError("each check of a row is '{ type: KIND, value: VALUE }', got \(entry.typeName)"))
        }
        if let type = object["type"] {
            guard let kind = type.stringValue, Set(object.keys).isSubset(of: ["type", "value"]) else {
                return .failure(CheckError("a row's check has 'type' (a kind) and 'value', nothing else"))
            }
            return kindCheck(kind, object["value"] ?? .null)
        }
        guard object.count == 1, let (kind, value) = object.first else {
            return .failure(CheckError("a row's check is '{ type: KIND, value: VALUE }'"))
        }
        return kindCheck(kind, value)
    }

    /// `KIND: VALUE` checked: a known kind (hyphens read as underscores) with a value it can use.
    static func kindCheck(_ written: String, _ value: JSONValue) -> Result<JSONValue, CheckError> {
        var kind = written.lowercased().replacingOccurrences(of: "-", with: "_")
        let negated = kind.hasPrefix("not_")
        if negated { kind.removeFirst(4) }
        guard kinds.contains(kind) else {
            return .failure(
                CheckError(
                    "unknown check '\(written)'; use " + kinds.joined(separator: ", ") + " (each also as not_KIND)"
                        + Suggestion.hint(for: written, in: kinds)))
        }
        return argument(kind, value).map { value in
            ["kind": .string(kind), "not": .bool(negated), "value": value]
        }
    }

    /// The value `kind` reads, normalized: text for the text checks, a list for `_any`/`_all`
    /// (a comma-separated text is split, as promptfoo does), a schema or null for `is_json`.
    private static func argument(_ kind: String, _ value: JSONValue) -> Result<JSONValue, CheckError> {
        switch kind {
        case "contains_any", "contains_all", "icontains_any", "icontains_all":
            if let text = value.stringValue {
                let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                return parts.isEmpty
                    ? .failure(CheckError("'\(kind)' needs a list of texts"))
                    : .success(.array(parts.map { .string($0) }))
            }
            guard let items = value.arrayValue, !items.isEmpty, let texts = texts(items) else {
                return .failure(CheckError("'\(kind)' needs a list of texts"))
            }
            return .success(.array(texts.map { .string($0) }))
        case "equals":
            return value == .null ? .failure(CheckError("'equals' needs a value")) : .success(value)
        case "is_json":
            if value == .null || value == true { return .success(.null) }
            if let problem = schemaProblem(value) { return .failure(CheckError(problem)) }
            return .success(value)
        default:
            guard let text = texts([value])?.first, !text.isEmpty else {
                return .failure(CheckError("'\(kind)' needs a text"))
            }
            return .success(.string(text))
        }
    }

    /// Why `value` is not a schema the generated check validates, or nil when it is one.
    static func schemaProblem(_ value: JSONValue) -> String? {
        guard let object = value.objectValue else { return "'is_json' takes true or a JSON Schema (an object)" }
        for (key, child) in object {
            guard schemaKeywords.contains(key) else {
                return "the JSON Schema keyword '\(key)' is not one the generated check validates ("
                    + schemaKeywords.sorted().joined(separator: ", ") + ")"
            }
            if key == "type", let type = child.stringValue, !schemaTypes.contains(type) {
                return "the JSON Schema type '\(type)' is not one of " + schemaTypes.sorted().joined(separator: ", ")
            }
            if key == "properties" {
                for property in (child.objectValue ?? [:]).values {
                    if let problem = schemaProblem(property) { return problem }
                }
            }
            if key == "items" || (key == "additionalProperties" && child.objectValue != nil),
                let problem = schemaProblem(child)
            {
                return problem
            }
        }
        return nil
    }

    /// Scalars as text (`3` as "3"); nil when one is a list or an object.
    private static func texts(_ values: [JSONValue]) -> [String]? {
        var out: [String] = []
        for value in values {
            switch value {
            case .string(let text): out.append(text)
            case .number, .bool: out.append(value.serialized())
            default: return nil
            }
        }
        return out
    }
}

/// Why a check cannot be used, in words; the caller says where.
public struct CheckError: Error, Equatable, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
}
