import RespanCore

extension Lockfile {
    /// Reads the format version first, then decodes that version strictly: an entry that does
    /// not decode is an error naming the file and its JSON path, never dropped.
    public static func decode(_ text: String, path: String) throws(LockfileError) -> Lockfile {
        let document: JSONValue
        do {
            document = try JSONValue(parsing: text)
        } catch {
            throw .corrupt(path, at: "$", error.description)
        }
        guard let root = document.objectValue else { throw .corrupt(path, at: "$", "not a JSON object") }
        guard let version = root["format_version"]?.intValue else {
            throw .corrupt(path, at: "$.format_version", "missing or not an integer")
        }
        guard version <= formatVersion else { throw .newerVersion(path, version) }
        guard version >= oldestReadableVersion else {
            throw .corrupt(path, at: "$.format_version", "unknown format version \(version)")
        }
        for key in root.keys
        where key != "format_version" && key != "experiments" && key != "remote" && !managedSectionKeys.contains(key) {
            throw .corrupt(path, at: "$.\(key)", "unknown field")
        }
        guard let experiments = root["experiments"]?.objectValue else {
            throw .corrupt(path, at: "$.experiments", "missing or not an object")
        }
        var lockfile = Lockfile()
        for (key, value) in experiments {
            lockfile.entries[key] = try decodeEntry(value, key: key, version: version, path: path)
        }
        try lockfile.decodeManagedSections(root, version: version, path: path)
        if let remote = root["remote"] {
            guard let object = remote.objectValue else { throw .corrupt(path, at: "$.remote", "not an object") }
            if let unknown = object.keys.sorted().first(where: { $0 != "ignores_client_ids" }) {
                throw .corrupt(path, at: "$.remote.\(unknown)", "unknown field")
            }
            guard let flag = object["ignores_client_ids"]?.boolValue else {
                throw .corrupt(path, at: "$.remote.ignores_client_ids", "missing or not true or false")
            }
            lockfile.remoteIgnoresClientIDs = flag
        }
        if version < formatVersion { lockfile.migrate(from: version) }
        return lockfile
    }

    /// Brings entries written under earlier rules to the current ones, offline: the body
    /// recorded keeps only documented request fields (format 3 dropped `tags`, which Respan
    /// does not take), and the digest is taken again. The remote id, and so the run, stays.
    /// Datasets of formats before 4 are marked with the rules their digest was taken under
    /// (see `DatasetDigestVersion`), which the planner checks against the file.
    mutating func migrate(from version: Int) {
        var recomputed: [String] = []
        var dropped: Set<String> = []
        for (key, entry) in entries {
            guard let object = entry.applied.objectValue else { continue }
            let kept = object.filter { Planner.documentedFields.contains($0.key) }
            guard kept.count != object.count else { continue }
            dropped.formUnion(Set(object.keys).subtracting(kept.keys))
            entries[key] = LockEntry(
                id: entry.id, state: entry.state, applied: .object(kept), protect: entry.protect,
                generation: entry.generation)
            recomputed.append(key)
        }
        var reasons =
            dropped.isEmpty
            ? [] : ["\(dropped.sorted().joined(separator: ", ")) no longer sent: Respan's API does not take it"]
        let datasets = datasets.values.count { $0.digestVersion < .current }
        if datasets > 0 {
            reasons.append(
                "\(datasets) managed dataset\(datasets == 1 ? " keeps its" : "s keep their") digest from the earlier "
                    + "reading of CSV cells until the file changes")
        }
        migration = LockfileMigration(fromVersion: version, recomputed: recomputed.sorted(), reasons: reasons)
    }

    private static func decodeEntry(
        _ value: JSONValue, key: String, version: Int, path: String
    ) throws(LockfileError) -> LockEntry {
        let at = "$.experiments[\(JSONValue.string(key).serialized())]"
        guard let object = value.objectValue else { throw .corrupt(path, at: at, "not an object") }
        let known: Set<String> =
            version >= 2
            ? ["id", "state", "spec_digest", "applied", "protect", "generation"]
            : ["id", "state", "spec_digest", "applied"]
        if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) {
            throw .corrupt(path, at: "\(at).\(unknown)", "unknown field")
        }
        guard let id = object["id"]?.stringValue, !id.isEmpty else {
            throw .corrupt(path, at: "\(at).id", "missing or not a non-empty string")
        }
        guard let state = object["state"]?.stringValue.flatMap(LockEntry.State.init(rawValue:)) else {
            let states = LockEntry.State.allCases.map { "'\($0.rawValue)'" }.joined(separator: " or ")
            throw .corrupt(path, at: "\(at).state", "missing or not \(states)")
        }
        guard let applied = object["applied"], applied.objectValue != nil else {
            throw .corrupt(path, at: "\(at).applied", "missing or not an object")
        }
        guard let digest = object["spec_digest"]?.stringValue else {
            throw .corrupt(path, at: "\(at).spec_digest", "missing or not a string")
        }
        var protect = false
        if let flag = object["protect"] {
            guard let bool = flag.boolValue else { throw .corrupt(path, at: "\(at).protect", "not true or false") }
            protect = bool
        }
        var generation = 0
        if let value = object["generation"] {
            guard let number = value.intValue, number >= 0 else {
                throw .corrupt(path, at: "\(at).generation", "not a whole number of 0 or more")
            }
            generation = number
        }
        let entry = LockEntry(id: id, state: state, applied: applied, protect: protect, generation: generation)
        guard entry.specDigest == digest else { throw .digestMismatch(path, key: key) }
        return entry
    }
}
