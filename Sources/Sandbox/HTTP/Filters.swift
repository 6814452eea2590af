import RespanCore

/// Respan's filter language: `{"field": {"operator": "…", "value": …}}`, fields ANDed.
///
/// Sandbox choices where the docs contradict themselves: `eq` means `""` (equal), a scalar
/// `value` is read as a one-element list, and equality against a list matches any element.
struct FilterSet {
    struct Condition {
        var field: String
        var op: String
        var values: [JSONValue]
    }

    static let operators: Set<String> = [
        "", "eq", "iexact", "lt", "lte", "gt", "gte", "contains", "icontains",
        "startswith", "endswith", "in", "isnull", "not",
    ]

    var conditions: [Condition] = []

    init(_ body: JSONValue?) throws(APIError) {
        guard let filters = body?["filters"], filters != .null else { return }
        guard let fields = filters.objectValue else { throw APIError.badRequest("'filters' must be an object.") }
        for (field, spec) in fields.sorted(by: { $0.key < $1.key }) {
            guard let op = spec["operator"]?.stringValue ?? (spec.objectValue != nil ? "" : nil),
                Self.operators.contains(op)
            else { throw APIError.badRequest("Unknown filter operator for '\(field)'.") }
            let value = spec["value"] ?? .null
            conditions.append(Condition(field: field, op: op, values: value.arrayValue ?? [value]))
        }
    }

    func matches(_ item: JSONValue) -> Bool { matches(item, ignoring: []) }

    /// Whether `item` meets every condition, but those on `ignoring` fields.
    func matches(_ item: JSONValue, ignoring: Set<String>) -> Bool {
        conditions.allSatisfy { condition in
            if ignoring.contains(condition.field) { return true }
            let actual = Self.lookup(condition.field, in: item)
            return Self.test(condition, actual)
        }
    }

    /// `metadata__key` reads `metadata.key`; for tags, the first tag object's key.
    private static func lookup(_ field: String, in item: JSONValue) -> JSONValue {
        let parts = field.components(separatedBy: "__")
        var current = item
        for part in parts {
            if let list = current.arrayValue, let first = list.first(where: { $0[part] != nil }) {
                current = first[part] ?? .null
            } else {
                current = current[part] ?? .null
            }
        }
        return current
    }

    private static func test(_ condition: Condition, _ actual: JSONValue) -> Bool {
        let text = Self.text(actual)
        let texts = condition.values.map(Self.text)
        switch condition.op {
        case "", "eq", "in":
            return condition.values.contains { $0.isSemanticallyEqual(to: actual) } || texts.contains(text)
        case "iexact": return texts.contains { $0.lowercased() == text.lowercased() }
        case "not": return !condition.values.contains { $0.isSemanticallyEqual(to: actual) }
        case "contains": return texts.contains { text.contains($0) }
        case "icontains": return texts.contains { text.lowercased().contains($0.lowercased()) }
        case "startswith": return texts.contains { text.hasPrefix($0) }
        case "endswith": return texts.contains { text.hasSuffix($0) }
        case "isnull": return (actual == .null) == (condition.values.first?.boolValue ?? true)
        default: return compare(condition.op, actual, condition.values.first ?? .null)
        }
    }

    private static func compare(_ op: String, _ actual: JSONValue, _ bound: JSONValue) -> Bool {
        let order: ComparisonResult
        if let a = actual.numberValue?.doubleValue, let b = bound.numberValue?.doubleValue {
            order = a < b ? .less : (a > b ? .greater : .same)
        } else {
            let a = text(actual), b = text(bound)
            order = a < b ? .less : (a > b ? .greater : .same)
        }
        switch op {
        case "lt": return order == .less
        case "lte": return order != .greater
        case "gt": return order == .greater
        default: return order != .less
        }
    }

    private enum ComparisonResult { case less, same, greater }

    static func text(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): text
        case .number(let number): number.text
        case .bool(let flag): flag ? "true" : "false"
        case .null: ""
        default: value.serialized()
        }
    }
}
