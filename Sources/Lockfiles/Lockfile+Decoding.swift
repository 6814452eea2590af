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
        let reader = LockfileReader(value: document) { LockfileError.corrupt(path, at: $0, $1) }
        guard document.objectValue != nil else { throw .corrupt(path, at: "$", "not a JSON object") }
        let version = try reader.child("format_version").int()
        guard version <= formatVersion else { throw .newerVersion(path, version) }
        guard version >= oldestReadableVersion else {
            throw reader.child("format_version").fail("unknown format version \(version)")
        }
        var known = managedSectionKeys.union(["format_version", "experiments", "remote"])
        if version < 5 { known.remove("prompts") }  // as a run's evaluator_versions: format 5 on
        _ = try reader.object(known: known)
        var lockfile = Lockfile()
        for (key, value) in try reader.child("experiments").object() {
            let entry = reader.child("experiments").member(key, value)
            lockfile.entries[key] = try decodeEntry(entry, key: key, version: version, path: path)
        }
        try lockfile.decodeManagedSections(reader, version: version)
        let remote = reader.child("remote")
        if remote.value != .null {
            _ = try remote.object(known: ["ignores_client_ids"])
            lockfile.remoteIgnoresClientIDs = try remote.child("ignores_client_ids").bool()
        }
        if version < rulesVersion { lockfile.migrate(from: version) }
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
            let kept = object.filter { ExperimentFields.documented.contains($0.key) }
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

    static func decodeEntry(
        _ reader: LockfileReader, key: String, version: Int, path: String
    ) throws(LockfileError) -> LockEntry {
        let old: Set<String> = ["id", "state", "spec_digest", "applied"]
        var known = version >= 2 ? old.union(["protect", "generation"]) : old
        if version >= 5 { known.insert("evaluator_versions") }
        _ = try reader.object(known: known)
        guard let state = reader.value["state"]?.stringValue.flatMap(LockEntry.State.init(rawValue:)) else {
            let states = LockEntry.State.allCases.map { "'\($0.rawValue)'" }.joined(separator: " or ")
            throw reader.child("state").fail("missing or not \(states)")
        }
        let applied = reader.child("applied")
        _ = try applied.object()
        let digest = try reader.child("spec_digest").string()
        let protect = reader.value["protect"] == nil ? false : try reader.child("protect").bool()
        let entry = LockEntry(
            id: try reader.child("id").nonEmptyString(), state: state, applied: applied.value, protect: protect,
            generation: try reader.child("generation").optionalCount() ?? 0)
        guard entry.specDigest == digest else { throw .digestMismatch(path, key: key) }
        var read = entry
        let versions = reader.child("evaluator_versions")
        if versions.value != .null {
            for (name, value) in try versions.object() {
                read.evaluatorVersions[name] = try versions.member(name, value).string()
            }
        }
        return read
    }
}

/// The strict reader of lockfiles: its failures are `LockfileError.corrupt`.
typealias LockfileReader = StrictJSONReader<LockfileError>
