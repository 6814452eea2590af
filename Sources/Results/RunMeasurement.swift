import Lockfiles
import Manifest
import Planning
import RespanAPI
import RespanCore

/// One experiment's run measured: its status, scores per evaluator and, against a baseline run,
/// the rows paired by `comparison_key`.
extension ResultsOperation {
    func measure(
        _ experiment: ResolvedExperiment, entry: LockEntry?, baselineEntry: LockEntry?,
        remoteState: [String: Experiment], desired: DesiredState, allowIncomplete: Bool
    ) async throws -> ExperimentResult {
        let declared = ScoreKeys.declared(in: experiment, desired: desired)
        guard let entry else {
            return ExperimentResult(
                key: experiment.key, id: nil, status: "not_applied", progress: nil, errorMessage: nil, traceCount: 0,
                cost: nil, tokens: nil, evaluators: [], baselineID: nil)
        }
        guard let run = remoteState[entry.id] else { throw ResultsError.missingRun(experiment.key, entry.id) }
        let sharesRun = baselineEntry?.id == entry.id
        let reading = TraceReading(remote: remote, shape: pageShape)
        if sharesRun, !Self.needsRows(experiment), !experiment.gates.contains(where: Self.hasOtherThanRegression) {
            return Self.shared(experiment, run: run, summary: nil, declared: declared)
        }
        // Read once: a shared run is measured from it, any other run (or a refused one, nil) reads its traces.
        let summary = try await reading.summary(experimentID: entry.id)
        if sharesRun, !Self.needsRows(experiment), let summary {
            return Self.shared(experiment, run: run, summary: summary, declared: declared)
        }
        let waits = experiment.body["workflow"]?.arrayValue?.contains { $0["type"]?.stringValue == "wait" } ?? false
        // A runner's failed row is an error, not a score: it is counted apart, on both sides alike.
        func answered(_ traces: [Trace]) -> [Trace] { waits ? traces.filter { !Self.isErroredAnswer($0) } : traces }
        let keys = declared.map(\.1)
        let read = try await allTraces(of: run, summary: summary, evaluators: keys)
        let traces = answered(read)
        var baselineTraces: [Trace]?
        if let baselineEntry {
            guard let baselineRun = remoteState[baselineEntry.id] else {
                throw ResultsError.missingBaselineRun(experiment.key, baselineEntry.id)
            }
            baselineTraces = sharesRun ? traces : answered(try await allTraces(of: baselineRun, evaluators: keys))
        }
        let workflows = Set((experiment.body["evaluator_workflow_ids"]?.arrayValue ?? []).compactMap(\.stringValue))
        let evaluators = ScoreKeys.all(declared: declared, workflows: workflows, traces: traces).map { name, key in
            EvaluatorMeasurement(name: name, key: key, failBelow: Self.failBelow(experiment, key: key)).measure(
                traces: traces, baseline: baselineTraces)
        }
        var result = ExperimentResult(
            key: experiment.key, id: entry.id, status: run.status ?? "unknown", progress: run.progress,
            errorMessage: run.errorMessage, completedAt: run.completedAt, traceCount: read.count,
            awaitingOutput: Self.awaitingOutput(traces, waits: waits),
            cost: summary?.totalCost ?? Self.sum(read.compactMap(\.totalCost)),
            tokens: summary?.totalTokens ?? read.compactMap(\.totalTokens).reduce(0, +), evaluators: evaluators,
            baselineID: baselineEntry?.id)
        result.erroredRows = read.count - traces.count
        result.sharesBaselineRun = sharesRun
        return result
    }

    /// Every trace of `run`: from the cache when the run's summary (`summary`, else read here,
    /// only when a cache entry exists) agrees with it, else read, and kept when complete.
    private func allTraces(
        of run: Experiment, summary: TraceSummary? = nil, evaluators: [String]
    ) async throws -> [Trace] {
        let reading = TraceReading(remote: remote, shape: pageShape)
        guard let cache else { return try await reading.all(experimentID: run.id) }
        if let cached = cache.load(run) {
            var checked = summary
            if checked == nil { checked = try await reading.summary(experimentID: run.id) }
            if let checked, TraceCache.agrees(cached, with: checked) { return cached }
        }
        let (read, previewed) = try await reading.read(experimentID: run.id)
        // Text cut to a preview is good for scores, not for keeping.
        if !previewed { cache.store(read, run: run, evaluators: evaluators) }
        return read
    }

    /// A row a runner answered with an error (`{"error": …}` as its whole output, design §14).
    static func isErroredAnswer(_ trace: Trace) -> Bool {
        guard let object = trace.output?.objectValue else { return false }
        return object.count == 1 && object["error"] != nil
    }

    /// A run both sides share: its regression is zero by construction, so no trace is read; its
    /// other gates are checked from its one summary (none is read when it has no other gate).
    private static func shared(
        _ experiment: ResolvedExperiment, run: Experiment, summary: TraceSummary?, declared: [(String, String)]
    ) -> ExperimentResult {
        var result = ExperimentResult(
            key: experiment.key, id: run.id, status: run.status ?? "unknown", progress: run.progress,
            errorMessage: run.errorMessage, completedAt: run.completedAt, traceCount: 0, cost: nil, tokens: nil,
            evaluators: [], baselineID: run.id)
        result.sharesBaselineRun = true
        guard let summary else { return result }
        result.traceCount = summary.numberOfRequests ?? 0
        result.cost = summary.totalCost
        result.tokens = summary.totalTokens
        result.evaluators = declared.compactMap { name, key in
            SummaryScores.statistics(summary, key: key).map {
                EvaluatorResult(name: name, scoreKey: key, statistics: $0, comparison: nil)
            }
        }
        return result
    }

    /// The score under which a numerical row fails: the `min_mean` of the evaluator's gate.
    static func failBelow(_ experiment: ResolvedExperiment, key: String) -> Double? {
        experiment.gates.first { $0.scoreKey == key }?.minMean
    }

    /// Whether a gate checks more than `max_regression`.
    static func hasOtherThanRegression(_ gate: Gate) -> Bool {
        gate.minMean != nil || gate.maxMean != nil || gate.minPassRate != nil || gate.minRowPassRate != nil
    }

    /// Whether the gates need per-row scores even for a shared run: a statistical `min_*` gate
    /// (its interval is over rows), or any gate of a repeated experiment (combined per row).
    static func needsRows(_ experiment: ResolvedExperiment) -> Bool {
        experiment.gates.contains { gate in
            gate.minMeanConfidence != nil || gate.minPassRateConfidence != nil || gate.minRowPassRate != nil
                || (experiment.repetition != nil && hasOtherThanRegression(gate))
        }
    }

    private static func sum(_ values: [Double]) -> Double? { values.isEmpty ? nil : values.reduce(0, +) }

    /// Traces still awaiting their output: a pending status word, or, in a workflow with a
    /// `wait` step, no output and no score whatever the status says. The docs name `pending`
    /// and `pending_custom_submission`, and a notebook saw `success` on an unanswered trace
    /// (respan-api.md §2.5, §2.7), so the word alone is not trusted.
    static func awaitingOutput(_ traces: [Trace], waits: Bool) -> Int {
        traces.count { trace in
            if ["pending", "pending_custom_submission"].contains(trace.status?.lowercased() ?? "") { return true }
            return waits && (trace.output == nil || trace.output == .null) && trace.scoreDetails.isEmpty
        }
    }
}
