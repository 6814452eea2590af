import RespanCore

/// One line of a lockfile's journal (`PATH.journal`): a change to one section of the lockfile,
/// replayed in order on read. Setting a value twice is harmless, so a journal replayed over a
/// lockfile that already holds some of its lines gives the same lockfile.
enum JournalRecord {
    case experiment(String, LockEntry?)
    case dataset(String, DatasetLock?)
    case evaluator(String, EvaluatorLock?)
    case prompt(String, PromptLock?)
    case remoteIgnoresClientIDs

    /// The record as one line of canonical JSON, with its newline.
    var line: String {
        let object: JSONValue =
            switch self {
            case .experiment(let key, let entry): ["experiment": .string(key), "entry": entry?.json ?? .null]
            case .dataset(let name, let entry): ["dataset": .string(name), "entry": entry?.json ?? .null]
            case .evaluator(let name, let entry): ["evaluator": .string(name), "entry": entry?.json ?? .null]
            case .prompt(let name, let entry): ["prompt": .string(name), "entry": entry?.json ?? .null]
            case .remoteIgnoresClientIDs: ["remote": ["ignores_client_ids": true]]
            }
        return object.serialized() + "\n"
    }

    /// Replays `text` onto `lockfile`. A last line without its newline was cut by a kill while
    /// being written; its change was never acted on, so it is dropped. Any other line that does
    /// not decode is an error naming the journal and its line.
    static func replay(_ text: String, onto lockfile: inout Lockfile, path: String) throws(LockfileError) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        lines.removeLast()  // after the last newline: empty, or a torn line
        for (index, line) in lines.enumerated() {
            let at = "line \(index + 1)"
            guard let value = try? JSONValue(parsing: String(line)) else {
                throw .corrupt(path, at: at, "not a JSON object")
            }
            let reader = LockfileReader(value: value, path: at) { LockfileError.corrupt(path, at: $0, $1) }
            try apply(reader, to: &lockfile, path: path)
        }
    }

    private static func apply(_ reader: LockfileReader, to lockfile: inout Lockfile, path: String) throws(LockfileError)
    {
        let entry = reader.child("entry")
        if let key = reader.value["experiment"]?.stringValue {
            lockfile.entries[key] =
                entry.value == .null
                ? nil : try Lockfile.decodeEntry(entry, key: key, version: Lockfile.formatVersion, path: path)
        } else if let name = reader.value["dataset"]?.stringValue {
            lockfile.datasets[name] =
                entry.value == .null ? nil : try Lockfile.decodeDataset(entry, version: Lockfile.formatVersion)
        } else if let name = reader.value["evaluator"]?.stringValue {
            lockfile.evaluators[name] = entry.value == .null ? nil : try Lockfile.decodeEvaluator(entry)
        } else if let name = reader.value["prompt"]?.stringValue {
            lockfile.prompts[name] = entry.value == .null ? nil : try Lockfile.decodePrompt(entry)
        } else if reader.value["remote"] != nil {
            lockfile.remoteIgnoresClientIDs = true
        } else {
            throw reader.fail("not a journal record")
        }
    }
}
