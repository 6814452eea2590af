import RespanCore

/// Reads required values out of a JSON document, throwing the JSON path of the first one that
/// is missing or of the wrong type, so a saved plan either decodes whole or says where not.
struct StrictJSONReader {
    let value: JSONValue
    let path: String
    let file: String

    func child(_ key: String) -> StrictJSONReader {
        StrictJSONReader(value: value[key] ?? .null, path: "\(path).\(key)", file: file)
    }

    func fail(_ reason: String) -> SavedPlanError { .corrupt(file, at: path, reason) }

    func string() throws(SavedPlanError) -> String {
        guard let text = value.stringValue else { throw fail("expected a string") }
        return text
    }

    func optionalString() throws(SavedPlanError) -> String? {
        value == .null ? nil : try string()
    }

    func int() throws(SavedPlanError) -> Int {
        guard let number = value.intValue else { throw fail("expected an integer") }
        return number
    }

    func bool() throws(SavedPlanError) -> Bool {
        guard let flag = value.boolValue else { throw fail("expected true or false") }
        return flag
    }

    func object() throws(SavedPlanError) -> [String: JSONValue] {
        guard let object = value.objectValue else { throw fail("expected an object") }
        return object
    }

    func array() throws(SavedPlanError) -> [StrictJSONReader] {
        guard let items = value.arrayValue else { throw fail("expected an array") }
        return items.enumerated().map { StrictJSONReader(value: $1, path: "\(path)[\($0)]", file: file) }
    }
}
