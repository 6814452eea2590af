import Manifest
import RespanCore

/// The optional `"datasets"` and `"evaluators"` sections of a lockfile (since format 2), written only
/// when there is something to record (so lockfiles without managed objects keep their bytes)
/// and read as strictly as the experiments: an unknown field or a wrong type is an error
/// naming the JSON path.
extension Lockfile {
    static let managedSectionKeys: Set<String> = ["datasets", "evaluators"]

    var managedSections: [String: JSONValue] {
        var sections: [String: JSONValue] = [:]
        if !datasets.isEmpty { sections["datasets"] = .object(datasets.mapValues(\.json)) }
        if !evaluators.isEmpty { sections["evaluators"] = .object(evaluators.mapValues(\.json)) }
        return sections
    }

    /// `version`: the file's format; before format 4 every dataset's digest was taken under
    /// the first rules (`DatasetDigestVersion.inferredCells`).
    mutating func decodeManagedSections(
        _ root: [String: JSONValue], version: Int, path: String
    ) throws(LockfileError) {
        if let section = root["datasets"] {
            guard let entries = section.objectValue else { throw .corrupt(path, at: "$.datasets", "not an object") }
            for (name, value) in entries {
                datasets[name] = try Self.decodeDataset(
                    value, at: "$.datasets[\(JSONValue.string(name).serialized())]", version: version, path: path)
            }
        }
        if let section = root["evaluators"] {
            guard let entries = section.objectValue else { throw .corrupt(path, at: "$.evaluators", "not an object") }
            for (name, value) in entries {
                evaluators[name] = try Self.decodeEvaluator(
                    value, at: "$.evaluators[\(JSONValue.string(name).serialized())]", path: path)
            }
        }
    }

    private static func decodeDataset(
        _ value: JSONValue, at: String, version: Int, path: String
    ) throws(LockfileError) -> DatasetLock {
        var known: Set<String> = ["id", "name", "digest", "rows", "state", "index", "previous"]
        if version >= 4 { known.insert("digest_version") }
        let reader = try StrictObject(value, at: at, path: path, known: known)
        guard let state = DatasetLock.State(rawValue: try reader.string("state")) else {
            throw .corrupt(path, at: "\(at).state", "not 'uploading' or 'complete'")
        }
        guard let rows = reader.object["rows"]?.intValue, rows >= 0 else {
            throw .corrupt(path, at: "\(at).rows", "missing or not a whole number of 0 or more")
        }
        var previous: [String] = []
        if let list = reader.object["previous"] {
            guard let items = list.arrayValue?.compactMap(\.stringValue), items.count == list.arrayValue?.count else {
                throw .corrupt(path, at: "\(at).previous", "not a list of strings")
            }
            previous = items
        }
        let index = try reader.optionalString("index")
        return DatasetLock(
            id: try reader.string("id"), name: try reader.string("name"), digest: try reader.string("digest"),
            rows: rows, state: state, index: index, previous: previous,
            digestVersion: try digestVersion(reader.object["digest_version"], at: at, version: version, path: path))
    }

    private static func digestVersion(
        _ value: JSONValue?, at: String, version: Int, path: String
    ) throws(LockfileError) -> DatasetDigestVersion {
        guard version >= 4 else { return .inferredCells }
        guard let value else { return .current }
        guard let number = value.intValue, let digestVersion = DatasetDigestVersion(rawValue: number) else {
            let known = DatasetDigestVersion.allCases.map { "\($0.rawValue)" }.joined(separator: " or ")
            throw .corrupt(path, at: "\(at).digest_version", "not \(known)")
        }
        return digestVersion
    }

    private static func decodeEvaluator(
        _ value: JSONValue, at: String, path: String
    ) throws(LockfileError) -> EvaluatorLock {
        let reader = try StrictObject(value, at: at, path: path, known: ["id", "slug", "digest", "version"])
        var version: Int?
        if let number = reader.object["version"] {
            guard let whole = number.intValue, whole >= 0 else {
                throw .corrupt(path, at: "\(at).version", "not a whole number of 0 or more")
            }
            version = whole
        }
        return EvaluatorLock(
            id: try reader.string("id"), slug: try reader.string("slug"), digest: try reader.string("digest"),
            version: version)
    }
}

/// A lockfile object read strictly: unknown fields and missing strings are errors at their path.
private struct StrictObject {
    let object: [String: JSONValue]
    let at: String
    let path: String

    init(_ value: JSONValue, at: String, path: String, known: Set<String>) throws(LockfileError) {
        guard let object = value.objectValue else { throw .corrupt(path, at: at, "not an object") }
        if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) {
            throw .corrupt(path, at: "\(at).\(unknown)", "unknown field")
        }
        self.object = object
        self.at = at
        self.path = path
    }

    func string(_ key: String) throws(LockfileError) -> String {
        guard let text = object[key]?.stringValue, !text.isEmpty else {
            throw .corrupt(path, at: "\(at).\(key)", "missing or not a non-empty string")
        }
        return text
    }

    func optionalString(_ key: String) throws(LockfileError) -> String? {
        guard let value = object[key] else { return nil }
        guard let text = value.stringValue else { throw .corrupt(path, at: "\(at).\(key)", "not a string") }
        return text
    }
}
