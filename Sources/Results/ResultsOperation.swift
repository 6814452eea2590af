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
        /// What the baseline is called in a sentence ("same runs as origin/main"); the
        /// baseline's description when nil.
        public var baselineLabel: String?
        /// The baseline ref has no lockfile: every key is new, regression gates are skipped.
        public var baselineAbsent = false
        public init() {}
    }

    public var remote: any ResultsRemote
    /// Where completed runs' traces are kept between calls; nil reads every trace each time.
    public var cache: TraceCache?
    /// The trace page shape a 413 led to, kept for the next run's pages.
    let pageShape = PageShape()

    public init(remote: any ResultsRemote, cache: TraceCache? = nil) {
        self.remote = remote
        self.cache = cache
    }

    public func run(
        _ desired: DesiredState, lockfile: Lockfile, baseline: (lockfile: Lockfile, description: String)?,
        options: Options
    ) async throws -> ResultsReport {
        // Managed datasets and evaluators: their ids as the lockfile records them.
        let desired = ManagedIDs(lockfile: lockfile).resolve(desired)
        try SelectionError.check(targets: options.targets, excludes: options.excludes, in: desired)
        let scoped = desired.experiments.filter { Self.inScope($0.key, options) }
        let keys = Set(desired.experiments.map(\.key))
        let paired = baseline.map { baseline in
            scoped.reduce(into: [String: (key: String, entry: LockEntry)]()) { paired, experiment in
                paired[experiment.key] = BaselinePairing.entry(for: experiment, in: baseline.lockfile, current: keys)
            }
        }
        let ids = scoped.compactMap { lockfile.entries[$0.key]?.id } + (paired?.values.map(\.entry.id) ?? [])
        let (remoteState, _) = try await Refresher(remote: remote).refresh(ids: ids)
        var checker = GateChecker(allowIncomplete: options.allowIncomplete, hasBaseline: baseline != nil)
        if options.baselineAbsent { checker.absentBaseline = options.baselineLabel ?? baseline?.description }
        let prices = PriceTable.bundled.overridden(by: desired.pricing)
        let promptSettings = Self.promptSettings(desired, lockfile)
        var experiments: [ExperimentResult] = [], groups: [ExperimentResult] = [], gates: [GateVerdict] = []
        var repeats: [String: [ExperimentResult]] = [:]
        for experiment in scoped {
            var result = try await measure(
                experiment, entry: lockfile.entries[experiment.key],
                baselineEntry: paired?[experiment.key]?.entry,
                remoteState: remoteState, desired: desired, allowIncomplete: options.allowIncomplete)
            if let key = paired?[experiment.key]?.key, key != experiment.key { result.baselineKey = key }
            if let entry = lockfile.entries[experiment.key], let baselineEntry = paired?[experiment.key]?.entry {
                result.notLikeForLike = LikeForLike.differences(
                    current: entry, baseline: baselineEntry, evaluators: result.evaluators)
            }
            try await readHistograms(&result, bins: options.histogramBins)
            result.estimatedCost = Self.estimate(
                experiment, result, prices: prices, desired: desired, prompts: promptSettings)
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
            experiments: experiments,
            baseline: baseline.map {
                Self.comparison($0, experiments: experiments, scoped: scoped, paired: paired ?? [:], options: options)
            },
            gates: gates, repeatGroups: groups)
    }

    private func readHistograms(_ result: inout ExperimentResult, bins: Int?) async throws {
        guard let bins, let id = result.id else { return }
        for evaluator in result.evaluators {
            result.histograms[evaluator.name] = try await remote.histogram(
                experimentID: id, evaluatorID: evaluator.scoreKey, bins: bins)
        }
    }

    /// The plan's estimate for this run, given the rows it actually has (and, for a managed
    /// dataset, its rows' input length; for a manifest prompt's step, its model and max_tokens,
    /// as the plan counts them).
    static func estimate(
        _ experiment: ResolvedExperiment, _ result: ExperimentResult, prices: PriceTable, desired: DesiredState,
        prompts: [String: [String: JSONValue]]
    ) -> Double? {
        guard result.id != nil, let dataset = experiment.body["dataset_id"]?.stringValue else { return nil }
        let estimator = CostEstimator(prices: prices, rowCounts: [dataset: result.traceCount])
        let managed = desired.datasets.values.first { $0.id == dataset }?.managed?.summary
        let body = CostEstimator.withPromptSettings(experiment.body, experiment.managedUses, prompts)
        return estimator.estimate(key: experiment.key, body: body, prompt: managed?.promptTokensPerRow).dollars
    }

    /// Each manifest prompt's model and max_tokens by the id its runs' steps name, where the
    /// lockfile records the content the manifest has (an edit not applied yet is not what ran).
    static func promptSettings(_ desired: DesiredState, _ lockfile: Lockfile) -> [String: [String: JSONValue]] {
        var settings: [String: [String: JSONValue]] = [:]
        for (name, prompt) in desired.prompts {
            guard let lock = lockfile.prompts[name], lock.digest == prompt.digest else { continue }
            settings[lock.id] = CostEstimator.promptSettings(prompt.body)
        }
        return settings
    }

    static func inScope(_ key: String, _ options: Options) -> Bool {
        KeyPattern.inScope(key, targets: options.targets, excludes: options.excludes)
    }

    private static func comparison(
        _ baseline: (lockfile: Lockfile, description: String), experiments: [ExperimentResult],
        scoped: [ResolvedExperiment], paired: [String: (key: String, entry: LockEntry)], options: Options
    ) -> BaselineComparison {
        let keys = Set(scoped.map(\.key))
        let replaced = Set(paired.values.map(\.key))
        var comparison = BaselineComparison(
            source: baseline.description,
            newKeys: keys.filter { paired[$0] == nil }.sorted(),
            removedKeys: baseline.lockfile.entries.keys.filter {
                !keys.contains($0) && !replaced.contains($0) && inScope($0, options)
            }.sorted())
        comparison.unchangedKeys = experiments.filter(\.sharesBaselineRun).map(\.key).sorted()
        comparison.label = options.baselineLabel ?? baseline.description
        comparison.absent = options.baselineAbsent
        return comparison
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
