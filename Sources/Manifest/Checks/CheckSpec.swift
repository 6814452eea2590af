import Foundation
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
            let listed: [String]?
            if let text = value.stringValue {
                listed = text.split(separator: ",").map(String.init)
            } else {
                listed = value.arrayValue.flatMap(texts)
            }
            // Trimmed as the generated Python trims them; an empty or blank piece would make _any
            // always pass (every text contains "" and most a space or a line break): dropped.
            let trimmed = listed?.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            guard let items = trimmed?.filter({ !$0.isEmpty }), !items.isEmpty else {
                return .failure(CheckError("'\(kind)' needs a list of texts that are not empty"))
            }
            return .success(.array(items.map { .string($0) }))
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
            // Checked here, not on every row on Respan, where Python's `re` runs it.
            if kind == "regex", let problem = PythonRegex.problem(text) {
                return .failure(CheckError("'\(text)' is not a regular expression Python's re reads: \(problem)"))
            }
            return .success(.string(text))
        }
    }

    /// Why `value` is not a schema the generated check validates, or nil when it is one: each
    /// keyword is known and its value of the shape it takes.
    static func schemaProblem(_ value: JSONValue) -> String? {
        guard let object = value.objectValue else { return "'is_json' takes true or a JSON Schema (an object)" }
        for (key, child) in object.sorted(by: { $0.key < $1.key }) {
            guard schemaKeywords.contains(key) else {
                return "the JSON Schema keyword '\(key)' is not one the generated check validates ("
                    + schemaKeywords.sorted().joined(separator: ", ") + ")"
            }
            if let problem = keywordProblem(key, child) { return "the JSON Schema keyword '\(key)' " + problem }
        }
        return nil
    }

    /// Why a keyword's value is not of the shape it takes (the generated code reads it so).
    private static func keywordProblem(_ key: String, _ value: JSONValue) -> String? {
        switch key {
        case "type":
            let types = value.arrayValue ?? [value]
            guard types.allSatisfy({ $0.stringValue.map(schemaTypes.contains) == true }) else {
                return "takes one of " + schemaTypes.sorted().joined(separator: ", ") + ", or a list of them"
            }
        case "required":
            guard value.arrayValue?.allSatisfy({ $0.stringValue != nil }) == true else {
                return "takes a list of property names"
            }
        case "enum":
            guard value.arrayValue != nil else { return "takes a list of values" }
        case "properties":
            guard let properties = value.objectValue else { return "takes an object of schemas" }
            for (_, property) in properties.sorted(by: { $0.key < $1.key }) {
                if let problem = schemaProblem(property) { return "holds a schema where " + problem }
            }
        case "items":
            if let problem = schemaProblem(value) { return "holds a schema where " + problem }
        case "additionalProperties":
            if value.objectValue != nil, let problem = schemaProblem(value) { return "holds a schema where " + problem }
            if value.objectValue == nil && value != true && value != false { return "takes true, false or a schema" }
        case "minItems", "maxItems", "minLength", "maxLength":
            guard value.intValue.map({ $0 >= 0 }) == true else { return "takes a whole number, 0 or more" }
        case "minimum", "maximum":
            guard value.numberValue != nil else { return "takes a number" }
        default:
            break
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
