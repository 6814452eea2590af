import Foundation
import RespanCore

/// The traces this machine has submitted an output to, one file a run:
/// `.respan/submissions/EXPERIMENT_ID.jsonl` beside the manifest, one `{"trace": ID}` line per
/// submission, appended and fsynced once Respan acknowledged it. Together with a trace's output
/// being set on Respan it decides what is still to answer, so a run killed mid-way resumes with
/// the rest and no row is submitted twice. Not the trace's status word: Respan has been seen
/// to report `success` before anything was submitted (respan-api.md §2.7).
public actor SubmissionJournal {
    private let directory: URL
    private var handles: [String: FileHandle] = [:]

    /// A journal under `folder/.respan/submissions/`.
    public init(besideManifestIn folder: String) {
        let base = URL(fileURLWithPath: folder.isEmpty ? "." : folder).appendingPathComponent(".respan")
        directory = base.appendingPathComponent("submissions")
    }

    /// The trace ids recorded for a run; a torn last line (a crash mid-write) is skipped.
    public func submitted(_ experimentID: String) -> Set<String> {
        guard let data = FileManager.default.contents(atPath: file(experimentID).path) else { return [] }
        var traces = Set<String>()
        for line in data.split(separator: UInt8(ascii: "\n")) {
            if let trace = (try? JSONValue(parsing: [UInt8](line)))?["trace"]?.stringValue { traces.insert(trace) }
        }
        return traces
    }

    /// Records one acknowledged submission, durably, before the next row counts it.
    public func record(trace: String, experimentID: String) throws {
        let handle = try handle(experimentID)
        let line = JSONValue.object(["trace": .string(trace)]).serialized() + "\n"
        try handle.write(contentsOf: Data(line.utf8))
        try handle.synchronize()
    }

    private func file(_ experimentID: String) -> URL {
        directory.appendingPathComponent(experimentID.replacingOccurrences(of: "/", with: "_") + ".jsonl")
    }

    private func handle(_ experimentID: String) throws -> FileHandle {
        if let open = handles[experimentID] { return open }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let ignore = directory.deletingLastPathComponent().appendingPathComponent(".gitignore")
        if !FileManager.default.fileExists(atPath: ignore.path) {
            try? Data("# respan-plan's local state; never committed.\n*\n".utf8).write(to: ignore)
        }
        let url = file(experimentID)
        if !FileManager.default.fileExists(atPath: url.path) {
            _ = FileManager.default.createFile(atPath: url.path, contents: Data())
        }
        let handle = try FileHandle(forWritingTo: url)
        // A line torn by a crash is ended first, so the next record starts on a line of its own.
        if try handle.seekToEnd() > 0, FileManager.default.contents(atPath: url.path)?.last != UInt8(ascii: "\n") {
            try handle.write(contentsOf: Data("\n".utf8))
        }
        handles[experimentID] = handle
        return handle
    }
}
