import Crypto
import Foundation
import RespanCore

/// A simulated run of one experiment at one moment: status, progress, traces and scores,
/// all derived from the spec and the clock, so they are deterministic and need no timers.
///
/// Scores come from a hash of the run-defining spec, the evaluator and the row: the same
/// spec always scores the same, and a different model or config scores differently.
struct RunSimulation {
    let record: ExperimentRecord
    let now: Double
    let runSeconds: Double
    let catalog: Catalog
    /// The canonical run spec, hashed into every score; serialized once, not once a score.
    let specKey: String
    /// The words it reports where the docs are silent (the finished status, a `wait` trace's).
    let behaviour: RemoteBehaviour
    /// Trace id → the output submitted for it (`PATCH …/logs/{log_id}/`), for `wait` workflows.
    var submissions: [String: JSONValue] { record.submissions }

    init(
        record: ExperimentRecord, now: Double, runSeconds: Double, catalog: Catalog,
        behaviour: RemoteBehaviour = RemoteBehaviour()
    ) {
        self.record = record
        self.now = now
        self.runSeconds = runSeconds
        self.catalog = catalog
        self.behaviour = behaviour
        specKey = record.runSpec.serialized()
    }

    /// A completion step with this model makes the run fail, to exercise `failed`.
    static let failingModel = "sandbox-fail"

    private var elapsed: Double { max(0, now - record.runStartedAt) }
    private var pendingSeconds: Double { runSeconds * 0.1 }
    private var dataset: Catalog.Dataset? { catalog.dataset(record.datasetID) }
    var rowCount: Int { dataset?.rowCount ?? 0 }

    /// Whether the simulated work is done: every trace exists. A `wait` run is finished only
    /// once every trace has its output too (`isFinished`).
    var tracesComplete: Bool { elapsed >= runSeconds }

    var isFinished: Bool { tracesComplete && !awaitsAny }

    /// Whether any trace still waits for its output (only a `wait` run's do).
    private var awaitsAny: Bool { waitsForOutputs && (0..<rowCount).contains { awaitsSubmission(row: $0) } }

    var fails: Bool {
        record.workflow.arrayValue?.contains { $0["config"]?["model"]?.stringValue == Self.failingModel } ?? false
    }

    /// `pending`, `running`, then `failed` or the behaviour's terminal word (`completed` by
    /// default; Respan documents no enum, respan-api.md §9).
    var status: String {
        if isFinished { return fails ? "failed" : behaviour.terminalStatus }
        return elapsed < pendingSeconds ? "pending" : "running"
    }

    /// 0–100, as the docs' examples suggest. A `wait` run whose traces all exist stays below
    /// 100 until every output is in: its share of rows answered, within the last tenth.
    var progress: Double {
        if isFinished { return 100 }
        if tracesComplete {
            let answered = Double(rowCount - (0..<rowCount).count { awaitsSubmission(row: $0) })
            return ((90 + 9.9 * answered / Double(max(rowCount, 1))) * 10).rounded(.down) / 10
        }
        return traceProgress
    }

    /// How far the traces have come into existence, 0–100, by the clock alone.
    private var traceProgress: Double {
        if tracesComplete { return 100 }
        guard elapsed >= pendingSeconds, runSeconds > 0 else { return 0 }
        return (100 * elapsed / runSeconds * 10).rounded(.down) / 10
    }

    var startedAt: Double? { elapsed >= pendingSeconds ? record.runStartedAt + pendingSeconds : nil }
    var completedAt: Double? {
        guard isFinished else { return nil }
        return record.runStartedAt + runSeconds
    }
    var errorMessage: String? { isFinished && fails ? "The model '\(Self.failingModel)' failed (sandbox)." : nil }

    /// Rows whose traces exist by now.
    var visibleRows: Int { Int((Double(rowCount) * traceProgress / 100).rounded(.down)) }

    /// A number in [0, 1) from a hash of the parts.
    static func unit(_ parts: String...) -> Double {
        let digest = SHA256.hash(data: Data(parts.joined(separator: "\u{0}").utf8))
        let value = digest.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return Double(value >> 11) / Double(UInt64(1) << 53)
    }

    static func hex(_ parts: String...) -> String {
        let digest = SHA256.hash(data: Data(parts.joined(separator: "\u{0}").utf8))
        return digest.prefix(8).map { String(format: "%02x", $0) }.joined()
    }

    /// The score an evaluator gives one row, rounded to three decimals. An evaluator made
    /// through the API mixes in its definition (a new version scores differently) and spreads
    /// its scores over its `score_config` range.
    func score(_ evaluator: String, row: Int) -> Double {
        let found = catalog.evaluator(id: evaluator) ?? catalog.evaluator(slug: evaluator)
        let salt = record.scoringSalts[evaluator] ?? found?.scoreSalt ?? ""
        let base = 0.5 + 0.45 * (salt.isEmpty ? Self.unit(specKey, evaluator) : Self.unit(specKey, evaluator, salt))
        let answer = answer(row: row)
        let drawn =
            answer.isEmpty
            ? Self.unit(specKey, evaluator, String(row)) : Self.unit(specKey, evaluator, String(row), answer)
        let noise = (drawn - 0.5) * 0.3
        let unit = (min(1, max(0, base + noise)) * 1000).rounded() / 1000
        guard let range = found?.scoreRange else { return unit }
        return ((range.lowerBound + unit * (range.upperBound - range.lowerBound)) * 1000).rounded() / 1000
    }

    /// What a `wait` row's score is drawn from beside the spec: its submitted output (empty
    /// for any other run, whose scores stay what they were).
    private func answer(row: Int) -> String {
        guard waitsForOutputs, let output = submissions[traceID(row: row)] else { return "" }
        return output.serialized()
    }

    /// The models the steps run.
    var models: [String] { (record.workflow.arrayValue ?? []).compactMap(model(of:)) }

    /// A step's model: a completion's own, a prompt step's from its version; nil for a step
    /// that calls no model.
    func model(of step: JSONValue) -> String? {
        if let model = step["config"]?["model"]?.stringValue { return model }
        guard step["type"] == "prompt", let id = step["config"]?["prompt_id"]?.stringValue,
            let versions = catalog.promptModels[id]
        else { return nil }
        return versions[Catalog.promptVersion(of: step) ?? versions.keys.max() ?? 0]
    }
}

extension Double {
    var json: JSONValue { JSONNumber(self).map(JSONValue.number) ?? .null }

    var iso8601: JSONValue {
        .string(Date(timeIntervalSince1970: self).formatted(.iso8601))
    }

    /// With milliseconds, as Django REST renders run times: two runs started within a second
    /// still differ.
    var preciseISO8601: JSONValue {
        .string(Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(Date(timeIntervalSince1970: self)))
    }
}
