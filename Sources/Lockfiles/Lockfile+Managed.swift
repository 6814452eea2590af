import Manifest
import RespanCore

/// The optional `"datasets"` and `"evaluators"` sections of a lockfile (since format 2), written only
/// when there is something to record (so lockfiles without managed objects keep their bytes)
/// and read as strictly as the experiments: an unknown field or a wrong type is an error
/// naming the JSON path.
extension Lockfile {
    static let managedSectionKeys: Set<String> = ["datasets", "evaluators", "prompts"]

    var managedSections: [String: JSONValue] {
        var sections: [String: JSONValue] = [:]
        if !datasets.isEmpty { sections["datasets"] = .object(datasets.mapValues(\.json)) }
        if !evaluators.isEmpty { sections["evaluators"] = .object(evaluators.mapValues(\.json)) }
        if !prompts.isEmpty { sections["prompts"] = .object(prompts.mapValues(\.json)) }
        return sections
    }

    /// `version`: the file's format; before format 4 every dataset's digest was taken under
    /// the first rules (`DatasetDigestVersion.inferredCells`).
    mutating func decodeManagedSections(_ root: LockfileReader, version: Int) throws(LockfileError) {
        let datasetSection = root.child("datasets")
        if datasetSection.value != .null {
            for (name, value) in try datasetSection.object() {
                datasets[name] = try Self.decodeDataset(datasetSection.member(name, value), version: version)
            }
        }
        let evaluatorSection = root.child("evaluators")
        if evaluatorSection.value != .null {
            for (name, value) in try evaluatorSection.object() {
                evaluators[name] = try Self.decodeEvaluator(evaluatorSection.member(name, value))
            }
        }
        let promptSection = root.child("prompts")
        if promptSection.value != .null {
            for (name, value) in try promptSection.object() {
                prompts[name] = try Self.decodePrompt(promptSection.member(name, value))
            }
        }
    }

    static func decodeDataset(_ reader: LockfileReader, version: Int) throws(LockfileError) -> DatasetLock {
        var known: Set<String> = ["id", "name", "digest", "rows", "state", "index", "previous"]
        if version >= 4 { known.insert("digest_version") }
        let object = try reader.object(known: known)
        guard let state = object["state"]?.stringValue.flatMap(DatasetLock.State.init(rawValue:)) else {
            throw reader.child("state").fail("not 'uploading' or 'complete'")
        }
        let previous = reader.child("previous")
        let ids = previous.value == .null ? [] : try previous.array()
        var previousIDs: [String] = []
        for id in ids { previousIDs.append(try id.string()) }
        return DatasetLock(
            id: try reader.child("id").nonEmptyString(), name: try reader.child("name").nonEmptyString(),
            digest: try reader.child("digest").nonEmptyString(), rows: try reader.child("rows").count(),
            state: state, index: try reader.child("index").optionalString(), previous: previousIDs,
            digestVersion: try digestVersion(reader.child("digest_version"), version: version))
    }

    private static func digestVersion(
        _ reader: LockfileReader, version: Int
    ) throws(LockfileError) -> DatasetDigestVersion {
        guard version >= 4 else { return .inferredCells }
        guard reader.value != .null else { return .current }
        guard let number = reader.value.intValue, let digestVersion = DatasetDigestVersion(rawValue: number) else {
            let known = DatasetDigestVersion.allCases.map { "\($0.rawValue)" }.joined(separator: " or ")
            throw reader.fail("not \(known)")
        }
        return digestVersion
    }

    static func decodePrompt(_ reader: LockfileReader) throws(LockfileError) -> PromptLock {
        let object = try reader.object(known: ["id", "digest", "version", "parts"])
        var parts: [String: String] = [:]
        let partsReader = reader.child("parts")
        if object["parts"] != nil {
            for (name, value) in try partsReader.object() { parts[name] = try partsReader.member(name, value).string() }
        }
        return PromptLock(
            id: try reader.child("id").nonEmptyString(), digest: try reader.child("digest").nonEmptyString(),
            version: try reader.child("version").count(), parts: parts)
    }

    static func decodeEvaluator(_ reader: LockfileReader) throws(LockfileError) -> EvaluatorLock {
        _ = try reader.object(known: ["id", "slug", "digest", "version"])
        return EvaluatorLock(
            id: try reader.child("id").nonEmptyString(), slug: try reader.child("slug").nonEmptyString(),
            digest: try reader.child("digest").nonEmptyString(), version: try reader.child("version").optionalCount())
    }
}
