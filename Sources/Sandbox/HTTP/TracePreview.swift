import RespanCore

/// `preview_length` on a trace list (0.1.47 `list_experiment_spans`): `input`,
/// `expected_output` and `output` cut to that many characters; omitted, non-positive or
/// unparseable values mean full text. A non-text value is cut as its JSON text.
struct TracePreview {
    static let fields = ["input", "expected_output", "output"]
    var length: Int

    /// Nil for full text.
    init?(query: [String: String]) {
        guard let text = query["preview_length"], let length = Int(text), length > 0 else { return nil }
        self.length = length
    }

    /// The page with every result's text fields cut, and `preview_length` kept in its links.
    func apply(to page: JSONValue) -> JSONValue {
        guard var object = page.objectValue else { return page }
        object["results"] = page["results"]?.arrayValue.map { .array($0.map(cut)) } ?? .array([])
        for link in ["next", "previous"] {
            if let url = object[link]?.stringValue { object[link] = .string(url + "&preview_length=\(length)") }
        }
        return .object(object)
    }

    private func cut(_ trace: JSONValue) -> JSONValue {
        guard var object = trace.objectValue else { return trace }
        for field in Self.fields {
            guard let value = object[field], value != .null else { continue }
            let text = value.stringValue ?? value.serialized()
            if text.count > length { object[field] = .string(String(text.prefix(length))) }
        }
        return .object(object)
    }
}
