import Lockfiles
import Manifest
import Planning
import RespanAPI
import RespanCore

/// `results`: reads the managed experiments' runs, scores per evaluator, compares with a
/// baseline's runs paired by dataset row, and checks the gates.
///
/// Requests: one list per 100 experiments for the statuses, then per run one summary and
/// ceil(rows/100) trace pages (the baseline's runs likewise), more where the remote refuses
/// large pages or keeps pipeline scores in trace details (see `TraceReading`).
public struct ResultsOperation: Sendable {
    public struct Options: Sendable {
        public var targets: [KeyPattern] = []
        public var excludes: [KeyPattern] = []
        public var allowIncomplete = false
        /// Also read each evaluator's histogram with this many bins (one request each).
        public var histogramBins: Int?
        public init() {}
    }

    public var remote: any ResultsRemote

    public init(remote: any ResultsRemote) {
        self.remote = remote
    }

    public func run(
        _ desired: DesiredState, lockfile: Lockfile, baseline: (lockfile: Lockfile, description: String)?,
        options: Options
    ) async throws -> ResultsReport {
        // Managed datasets and evaluators: their ids as the lockfile records them.
        let desired = ManagedResolution.resolve(desired, ids: ManagedResolution.ids(lockfile), addInputs: false)
        try SelectionError.check(targets: options.targets, excludes: options.excludes, in: desired)
        let scoped = desired.experiments.filter { Self.inScope($0.key, options) }
        let ids =
            scoped.compactMap { lockfile.entries[$0.key]?.id }
            + scoped.compactMap { baseline?.lockfile.entries[$0.key]?.id }
        let (remoteState, _) = try await Refresher(remote: remote).refresh(ids: ids)
        let checker = GateChecker(allowIncomplete: options.allowIncomplete, hasBaseline: baseline != nil)
        let prices = PriceTable.bundled.overridden(by: desired.pricing)
        var experiments: [ExperimentResult] = [], groups: [ExperimentResult] = [], gates: [GateVerdict] = []
        var repeats: [String: [ExperimentResult]] = [:]
        for experiment in scoped {
            var result = try await measure(
                experiment, entry: lockfile.entries[experiment.key],
                baselineEntry: baseline?.lockfile.entries[experiment.key],
                remoteState: remoteState, desired: desired, allowIncomplete: options.allowIncomplete)
            try await readHistograms(&result, bins: options.histogramBins)
            result.estimatedCost = Self.estimate(experiment, result, prices: prices)
            experiments.append(result)
            guard let repetition = experiment.repetition else {
                for gate in experiment.gates { gates += checker.check(gate, on: result) }
                continue
            }
            repeats[repetition.baseKey, default: []].append(result)
            // The gates of a repeated experiment are checked once, on all its runs together.
            if repeats[repetition.baseKey]?.count
                == scoped.count(where: { $0.repetition?.baseKey == repetition.baseKey })
            {
                let group = RepeatCombination.combine(baseKey: repetition.baseKey, repeats[repetition.baseKey] ?? [])
                groups.append(group)
                for gate in experiment.gates { gates += checker.check(gate, on: group) }
            }
        }
        return ResultsReport(
            experiments: experiments, baseline: baseline.map { Self.comparison($0, scoped: scoped, options: options) },
            gates: gates, repeatGroups: groups)
    }

    private func readHistograms(_ result: inout ExperimentResult, bins: Int?) async throws {
        guard let bins, let id = result.id else { return }
        for evaluator in result.evaluators {
            result.histograms[evaluator.name] = try await remote.histogram(
                experimentID: id, evaluatorID: evaluator.scoreKey, bins: bins)
        }
    }

    /// The plan's estimate for this run, given the rows it actually has.
    static func estimate(_ experiment: ResolvedExperiment, _ result: ExperimentResult, prices: PriceTable) -> Double? {
        guard result.id != nil, let dataset = experiment.body["dataset_id"]?.stringValue else { return nil }
        let estimator = CostEstimator(prices: prices, rowCounts: [dataset: result.traceCount])
        return estimator.estimate(key: experiment.key, body: experiment.body).dollars
    }

    static func inScope(_ key: String, _ options: Options) -> Bool {
        (options.targets.isEmpty || options.targets.contains { $0.matches(key) })
            && !options.excludes.contains { $0.matches(key) }
    }

    private static func comparison(
        _ baseline: (lockfile: Lockfile, description: String), scoped: [ResolvedExperiment], options: Options
    ) -> BaselineComparison {
        let keys = Set(scoped.map(\.key))
        return BaselineComparison(
            source: baseline.description,
            newKeys: keys.filter { baseline.lockfile.entries[$0] == nil }.sorted(),
            removedKeys: baseline.lockfile.entries.keys.filter { !keys.contains($0) && inScope($0, options) }.sorted())
    }

    private func measure(
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
        let reading = TraceReading(remote: remote)
        let summary = try await reading.summary(experimentID: entry.id)
        let traces = try await reading.all(experimentID: entry.id)
        var baselineTraces: [Trace]?
        if let baselineEntry {
            guard remoteState[baselineEntry.id] != nil else {
                throw ResultsError.missingBaselineRun(experiment.key, baselineEntry.id)
            }
            baselineTraces =
                baselineEntry.id == entry.id ? traces : try await reading.all(experimentID: baselineEntry.id)
        }
        let workflows = Set((experiment.body["evaluator_workflow_ids"]?.arrayValue ?? []).compactMap(\.stringValue))
        let evaluators = ScoreKeys.all(declared: declared, workflows: workflows, traces: traces).map { name, key in
            Self.evaluate(name: name, key: key, traces: traces, baseline: baselineTraces)
        }
        let waits = experiment.body["workflow"]?.arrayValue?.contains { $0["type"]?.stringValue == "wait" } ?? false
        return ExperimentResult(
            key: experiment.key, id: entry.id, status: run.status ?? "unknown", progress: run.progress,
            errorMessage: run.errorMessage, completedAt: run.completedAt, traceCount: traces.count,
            awaitingOutput: Self.awaitingOutput(traces, waits: waits),
            cost: summary?.totalCost ?? Self.sum(traces.compactMap(\.totalCost)),
            tokens: summary?.totalTokens ?? traces.compactMap(\.totalTokens).reduce(0, +), evaluators: evaluators,
            baselineID: baselineEntry?.id)
    }

    static func evaluate(name: String, key: String, traces: [Trace], baseline: [Trace]?) -> EvaluatorResult {
        let scores = traces.compactMap { $0.score(for: key) }
        let isBoolean = !scores.isEmpty && scores.allSatisfy(\.isBoolean)
        let statistics = ScoreStatistics(scores.map(\.value), isBoolean: isBoolean)
        let comparison = baseline.map { baseline in
            PairedComparison(current: byRow(traces, key), baseline: byRow(baseline, key), isBoolean: isBoolean)
        }
        func means(_ traces: [Trace]) -> [String: Double] {
            byRow(traces, key).mapValues { $0.reduce(0, +) / Double($0.count) }
        }
        var result = EvaluatorResult(
            name: name, scoreKey: key, statistics: statistics, comparison: comparison, rowMeans: means(traces))
        result.baselineRowMeans = baseline.map(means)
        return result
    }

    /// comparison_key → scores; a trace without one is keyed by its own id (it pairs with nothing).
    static func byRow(_ traces: [Trace], _ key: String) -> [String: [Double]] {
        var rows: [String: [Double]] = [:]
        for trace in traces {
            guard let score = trace.score(for: key) else { continue }
            rows[trace.comparisonKey ?? "trace:\(trace.id)", default: []].append(score.value)
        }
        return rows
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

/// Why results could not be read; each says what to do next.
public enum ResultsError: Error, Equatable, CustomStringConvertible {
    case missingRun(String, String)
    case missingBaselineRun(String, String)

    public var description: String {
        switch self {
        case .missingRun(let key, let id):
            "'\(key)' is recorded as \(id), which no longer exists on Respan; run 'respan-plan apply' to create it again"
        case .missingBaselineRun(let key, let id):
            "the baseline's run of '\(key)' (\(id)) no longer exists on Respan; compare against another baseline"
        }
    }
}
