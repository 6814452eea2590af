import Foundation
import RespanCore

/// Durable storage for the sandbox's experiments in a data directory.
///
/// Every acknowledged write is first appended to `journal.jsonl` and fsynced; on start the
/// snapshot `state.json` is read, the journal replayed (a torn last line, never acknowledged,
/// is dropped), and a new snapshot written atomically (temporary file, fsync, rename) before
/// the journal is emptied. Appends keep a write O(1) however many experiments exist.
final class StateJournal: @unchecked Sendable {
    // Only the owning actor (SandboxStore) calls in, one call at a time.
    private let directory: URL
    private var journal: FileHandle?

    private var snapshotURL: URL { directory.appendingPathComponent("state.json") }
    private var journalURL: URL { directory.appendingPathComponent("journal.jsonl") }

    init(directory: URL) {
        self.directory = directory
    }

    /// Local state is never committed: a `.respan/` folder (the embedded sandbox's home beside
    /// the manifest) gets a `.gitignore` of its own that ignores everything in it.
    static func ignoreInGit(_ directory: URL) {
        let parent = directory.deletingLastPathComponent()
        guard parent.lastPathComponent == ".respan" else { return }
        let file = parent.appendingPathComponent(".gitignore")
        guard !FileManager.default.fileExists(atPath: file.path) else { return }
        try? Data("# respan-plan's local state (the embedded sandbox); never committed.\n*\n".utf8).write(to: file)
    }

    /// Loads what was stored, compacts it into a fresh snapshot and opens the journal.
    func open() throws -> (experiments: [String: ExperimentRecord], managed: ManagedCatalog) {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        Self.ignoreInGit(directory)
        var experiments: [String: ExperimentRecord] = [:]
        var managed = ManagedCatalog()
        if let data = FileManager.default.contents(atPath: snapshotURL.path) {
            let snapshot = try JSONValue(parsing: [UInt8](data))
            for item in snapshot["experiments"]?.arrayValue ?? [] {
                if let record = ExperimentRecord(stored: item) { experiments[record.id] = record }
            }
            managed = ManagedCatalog(stored: snapshot["managed"])
        }
        if let data = FileManager.default.contents(atPath: journalURL.path) {
            for line in data.split(separator: UInt8(ascii: "\n")) {
                guard let entry = try? JSONValue(parsing: [UInt8](line)) else { continue }
                Self.replay(entry, into: &experiments)
                managed.replay(entry)
            }
        }
        try writeSnapshot(experiments, managed)
        _ = FileManager.default.createFile(atPath: journalURL.path, contents: Data())
        journal = try FileHandle(forWritingTo: journalURL)
        return (experiments, managed)
    }

    private static func replay(_ entry: JSONValue, into experiments: inout [String: ExperimentRecord]) {
        switch entry["op"]?.stringValue {
        case "put":
            if let record = entry["experiment"].flatMap(ExperimentRecord.init(stored:)) {
                experiments[record.id] = record
            }
        case "delete":
            if let id = entry["id"]?.stringValue { experiments[id] = nil }
        case "submit":
            if let id = entry["id"]?.stringValue, let trace = entry["trace"]?.stringValue {
                experiments[id]?.submissions[trace] = entry["output"] ?? .null
            }
        default:
            break
        }
    }

    func recordPut(_ record: ExperimentRecord) throws {
        try append(["op": "put", "experiment": record.stored])
    }

    func recordDelete(_ id: String) throws {
        try append(["op": "delete", "id": .string(id)])
    }

    /// An output submitted to a `wait` trace: one line, not the whole record again.
    func recordSubmission(experiment: String, trace: String, output: JSONValue) throws {
        try append(["op": "submit", "id": .string(experiment), "trace": .string(trace), "output": output])
    }

    /// A change to a dataset or evaluator made through the API (see `ManagedCatalog.replay`).
    func recordManaged(_ entry: JSONValue) throws {
        try append(entry)
    }

    private func append(_ entry: JSONValue) throws {
        guard let journal else { return }
        try journal.write(contentsOf: Data((entry.serialized() + "\n").utf8))
        try journal.synchronize()
    }

    private func writeSnapshot(_ experiments: [String: ExperimentRecord], _ managed: ManagedCatalog) throws {
        let items = experiments.values.sorted { $0.id < $1.id }.map(\.stored)
        var snapshot: [String: JSONValue] = ["format_version": 1, "experiments": .array(items)]
        if !managed.datasets.isEmpty || !managed.evaluators.isEmpty || !managed.prompts.isEmpty {
            snapshot["managed"] = managed.stored
        }
        let text = JSONValue.object(snapshot).serialized(pretty: true) + "\n"
        try AtomicFile.write(Data(text.utf8), to: snapshotURL)
    }
}
