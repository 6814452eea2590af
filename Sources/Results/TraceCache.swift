import Foundation
import RespanAPI
import RespanCore

/// The traces of completed, fully scored runs, kept on disk so a second `results` reads one
/// summary a run instead of its trace pages (design §6, "Requests").
///
/// One file a run: `DIRECTORY/ENDPOINT/EXPERIMENT_ID.json`, the endpoint written as a folder
/// name (`https_api.respan.ai`), holding each trace as Respan sent it (and its detail where
/// pipeline scores came from one). Written only for a completed run whose every trace has a
/// score from every evaluator the experiment declares; believed only when the run's summary
/// agrees with it on the trace count and on every mean score the summary gives (to 1e-4, as
/// summaries round their means to 4 decimals):
/// anything else (no file, a corrupt or forged one, a summary that cannot be read or disagrees)
/// reads the traces again. A cache that cannot be written is skipped: it only saves requests.
public struct TraceCache: Sendable {
    public static let format = 1
    /// A summary's mean and the cache's agree within this (relative, and at least absolute):
    /// summaries give means to 4 decimals (the sandbox, as Respan's examples do).
    static let tolerance = 1e-4

    let folder: URL

    /// The cache for runs on `endpoint` under `directory` (by convention `.respan/cache/traces`
    /// beside the manifest).
    public init(directory: String, endpoint: String) {
        folder = URL(fileURLWithPath: directory).appendingPathComponent(Self.fileName(endpoint))
    }

    /// The cached traces of `run`, if the file holds a readable cache of that very run: the
    /// same id, started and completed at the same times (a run made again under its id, as a
    /// PUT may, is another run).
    func load(_ run: Experiment) -> [Trace]? {
        guard let data = FileManager.default.contents(atPath: file(run.id).path),
            let json = try? JSONValue(parsing: [UInt8](data)),
            json["format"] == JSONValue(integerLiteral: Self.format),
            json["experiment_id"]?.stringValue == run.id, json["run"] == Self.marker(run),
            let entries = json["traces"]?.arrayValue
        else { return nil }
        var traces: [Trace] = []
        for entry in entries {
            guard let raw = entry["trace"], var trace = try? Trace(json: raw) else { return nil }
            if let detail = entry["detail"], detail != .null {
                guard let read = try? Trace(json: detail) else { return nil }
                trace = trace.adding(detail: read)
            }
            traces.append(trace)
        }
        return traces
    }

    /// Keeps the traces of `run` when it is completed and every trace is scored by every one of
    /// `evaluators` (score keys); returns whether it did.
    @discardableResult
    func store(_ traces: [Trace], run: Experiment, evaluators: [String]) -> Bool {
        guard run.outcome == .completed, !traces.isEmpty,
            traces.allSatisfy({ trace in evaluators.allSatisfy { trace.score(for: $0) != nil } })
        else { return false }
        let entries = traces.map { trace -> JSONValue in
            var entry: [String: JSONValue] = ["trace": trace.raw]
            if let detail = trace.detail { entry["detail"] = detail }
            return .object(entry)
        }
        let document = JSONValue.object([
            "format": JSONValue(integerLiteral: Self.format), "experiment_id": .string(run.id),
            "run": Self.marker(run), "traces": .array(entries),
        ])
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(document.serialized().utf8).write(to: file(run.id), options: .atomic)
            return true
        } catch {
            return false
        }
    }

    /// Whether `summary` agrees with `traces`: the same count, and each mean it gives equal to
    /// the mean of the traces' scores under that key.
    static func agrees(_ traces: [Trace], with summary: TraceSummary) -> Bool {
        guard summary.numberOfRequests == traces.count else { return false }
        return summary.meanScores.allSatisfy { key, mean in
            let values = traces.compactMap { $0.score(for: key)?.value }
            guard !values.isEmpty else { return false }
            let cached = values.reduce(0, +) / Double(values.count)
            return abs(cached - mean) <= tolerance * max(1, abs(mean))
        }
    }

    /// What tells this run from another made under the same id.
    static func marker(_ run: Experiment) -> JSONValue {
        [
            "started_at": run.startedAt.map(JSONValue.string) ?? .null,
            "completed_at": run.completedAt.map(JSONValue.string) ?? .null,
        ]
    }

    /// An endpoint as one folder name: letters, digits, `.` and `-` kept, the rest `_`.
    static func fileName(_ text: String) -> String {
        let trimmed = text.replacingOccurrences(of: "://", with: "_")
        return String(
            trimmed.map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" ? $0 : "_" })
    }

    private func file(_ experimentID: String) -> URL {
        folder.appendingPathComponent(Self.fileName(experimentID) + ".json")
    }
}
