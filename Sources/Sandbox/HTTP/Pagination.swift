import RespanCore

/// `page`, `page_size` and `sort_by` of a list request, and the page it selects.
struct Pagination {
    var page: Int
    var pageSize: Int
    var sortBy: String?

    static let maxPageSize = 100

    init(query: [String: String], defaultSort: String?) throws(APIError) {
        page = try Self.int(query["page"], name: "page", default: 1, range: 1...Int.max)
        pageSize = try Self.int(query["page_size"], name: "page_size", default: 20, range: 1...Self.maxPageSize)
        sortBy = query["sort_by"] ?? defaultSort
    }

    private static func int(
        _ text: String?, name: String, default value: Int, range: ClosedRange<Int>
    ) throws(APIError) -> Int {
        guard let text else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw APIError.invalid([
                name: [
                    "Must be an integer in \(range.lowerBound)...\(range.upperBound == Int.max ? "" : String(range.upperBound))."
                ]
            ])
        }
        return number
    }

    /// Sorts (ties broken by id, so pages never overlap) and cuts one page.
    func slice(_ items: [JSONValue]) -> [JSONValue] {
        let descending = sortBy?.hasPrefix("-") ?? false
        let field = sortBy.map { descending ? String($0.dropFirst()) : $0 }
        let sorted = items.sorted { a, b in
            if let field, let order = Self.order(a[field] ?? .null, b[field] ?? .null) {
                return descending ? !order : order
            }
            return FilterSet.text(a["id"] ?? .null) < FilterSet.text(b["id"] ?? .null)
        }
        let start = min(sorted.count, (page - 1) * pageSize)
        return Array(sorted[start..<min(sorted.count, start + pageSize)])
    }

    /// Whether `a` sorts before `b`, or nil for a tie: numbers by value (so 95 before 320),
    /// anything else by its text.
    static func order(_ a: JSONValue, _ b: JSONValue) -> Bool? {
        if let x = a.numberValue?.doubleValue, let y = b.numberValue?.doubleValue {
            return x == y ? nil : x < y
        }
        let x = FilterSet.text(a), y = FilterSet.text(b)
        return x == y ? nil : x < y
    }

    /// `{count, next, previous, results}` with absolute `next`/`previous` links.
    func page(_ items: [JSONValue], baseURL: String, path: String) -> JSONValue {
        let results = slice(items)
        func link(_ number: Int) -> JSONValue {
            var query = "page=\(number)&page_size=\(pageSize)"
            if let sortBy { query += "&sort_by=\(sortBy)" }
            return .string("\(baseURL)\(path)?\(query)")
        }
        let hasNext = page * pageSize < items.count
        return [
            "count": .int(items.count), "next": hasNext ? link(page + 1) : .null,
            "previous": page > 1 ? link(page - 1) : .null, "results": .array(results),
        ]
    }
}
