import RespanCore

/// Reads values out of a JSON document strictly, throwing at the JSON path of the first one
/// that is missing, of the wrong type, or unknown: the one reader for lockfiles and saved plans,
/// so a document either decodes whole or says where not. `Failure` is the caller's error.
package struct StrictJSONReader<Failure: Error> {
    package let value: JSONValue
    package let path: String
    /// Makes the caller's error from a JSON path and a reason.
    let failure: @Sendable (_ at: String, _ reason: String) -> Failure

    package init(value: JSONValue, path: String = "$", failure: @escaping @Sendable (String, String) -> Failure) {
        self.value = value
        self.path = path
        self.failure = failure
    }

    package func child(_ key: String) -> StrictJSONReader {
        StrictJSONReader(value: value[key] ?? .null, path: "\(path).\(key)", failure: failure)
    }

    /// The reader of one member of this object, its path written as `$.experiments["a b"]`.
    package func member(_ key: String, _ value: JSONValue) -> StrictJSONReader {
        StrictJSONReader(value: value, path: "\(path)[\(JSONValue.string(key).serialized())]", failure: failure)
    }

    package func fail(_ reason: String) -> Failure { failure(path, reason) }

    package func string() throws(Failure) -> String {
        guard let text = value.stringValue else { throw fail("missing or not a string") }
        return text
    }

    package func nonEmptyString() throws(Failure) -> String {
        guard let text = value.stringValue, !text.isEmpty else { throw fail("missing or not a non-empty string") }
        return text
    }

    package func optionalString() throws(Failure) -> String? {
        value == .null ? nil : try string()
    }

    package func int() throws(Failure) -> Int {
        guard let number = value.intValue else { throw fail("missing or not an integer") }
        return number
    }

    /// A whole number of 0 or more.
    package func count() throws(Failure) -> Int {
        guard let number = value.intValue, number >= 0 else { throw fail("missing or not a whole number of 0 or more") }
        return number
    }

    /// A whole number of 0 or more, or nil when the field is absent.
    package func optionalCount() throws(Failure) -> Int? {
        value == .null ? nil : try count()
    }

    package func bool() throws(Failure) -> Bool {
        guard let flag = value.boolValue else { throw fail("missing or not true or false") }
        return flag
    }

    package func object() throws(Failure) -> [String: JSONValue] {
        guard let object = value.objectValue else { throw fail("missing or not an object") }
        return object
    }

    /// The object, refusing any field outside `known`.
    package func object(known: Set<String>) throws(Failure) -> [String: JSONValue] {
        let members = try object()
        if let unknown = members.keys.sorted().first(where: { !known.contains($0) }) {
            throw child(unknown).fail("unknown field")
        }
        return members
    }

    package func array() throws(Failure) -> [StrictJSONReader] {
        guard let items = value.arrayValue else { throw fail("missing or not an array") }
        return items.enumerated().map { StrictJSONReader(value: $1, path: "\(path)[\($0)]", failure: failure) }
    }
}
