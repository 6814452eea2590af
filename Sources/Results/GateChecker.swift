import Manifest
import RespanCore

/// Checks the manifest's gates against an experiment's results. Pure: numbers in, verdicts out.
public struct GateChecker: Sendable {
    /// Check the gates of runs that have not completed on the scores so far, instead of failing them.
    public var allowIncomplete: Bool
    /// Whether a baseline was given at all (`--baseline`/`--baseline-ref`).
    public var hasBaseline: Bool
    /// The baseline's name when its ref holds no lockfile (a first pull request).
    public var absentBaseline: String? = nil

    public init(allowIncomplete: Bool = false, hasBaseline: Bool = false) {
        self.allowIncomplete = allowIncomplete
        self.hasBaseline = hasBaseline
    }

    /// One verdict per condition the gate sets.
    public func check(_ gate: Gate, on experiment: ExperimentResult) -> [GateVerdict] {
        let confidences: [GateVerdict.Condition: Double] = [
            .minMean: gate.minMeanConfidence, .maxRegression: gate.maxRegressionConfidence,
            .minPassRate: gate.minPassRateConfidence,
        ].compactMapValues { $0 }
        let conditions: [(GateVerdict.Condition, Double?)] = [
            (.minMean, gate.minMean), (.maxMean, gate.maxMean), (.minPassRate, gate.minPassRate),
            (.minRowPassRate, gate.minRowPassRate), (.maxRegression, gate.maxRegression),
        ]
        let result = experiment.evaluators.first { $0.scoreKey == gate.scoreKey || $0.name == gate.evaluator }
        return conditions.compactMap { condition, bound in
            guard let bound else { return nil }
            var verdict = GateVerdict(
                key: experiment.key, evaluator: gate.evaluator, condition: condition, bound: bound, value: nil,
                outcome: .failed, reason: "", location: gate.location)
            if let blocked = incomplete(experiment) {
                verdict.reason = blocked
                return verdict
            }
            if condition == .maxRegression, experiment.sharesBaselineRun {
                (verdict.value, verdict.outcome) = (0, .passed)
                verdict.reason = "the same run as the baseline: regression 0 by construction"
                return verdict
            }
            judge(&verdict, result, confidence: confidences[condition], runCost: Self.runCost(experiment))
            if experiment.erroredRows > 0, verdict.outcome != .skipped {
                // The application failed on them: no score to judge, and the reader must know.
                verdict.reason += " (\(counted(experiment.erroredRows, "row")) the runner failed on, not scored)"
            }
            return verdict
        }
    }

    /// Why an experiment's gates cannot pass yet, or nil when its scores may be judged.
    private func incomplete(_ experiment: ExperimentResult) -> String? {
        if experiment.status == "not_applied" { return "the experiment is not applied yet (run 'respan-plan apply')" }
        let word = experiment.status.lowercased() == "failed" ? "" : " (\(experiment.status))"
        switch experiment.outcome {
        case .completed:
            guard experiment.awaitingOutput > 0, !allowIncomplete else { return nil }
            return
                "\(experiment.awaitingOutput) of \(counted(experiment.traceCount, "trace")) still await their output (a wait step); "
                + "submit them, or pass --allow-incomplete to judge the rows scored so far"
        case .failed: return "the experiment failed\(word)" + (experiment.errorMessage.map { ": \($0)" } ?? "")
        case .cancelled:
            return "the experiment was cancelled\(word)" + (experiment.errorMessage.map { ": \($0)" } ?? "")
        case nil:
            if allowIncomplete { return nil }
            let progress = experiment.progress.map { " (\(Int($0))%)" } ?? ""
            return
                "the experiment is \(experiment.status)\(progress), not completed; wait with 'respan-plan status --wait' or pass --allow-incomplete"
        }
    }

    /// USD, the estimate of one more run of the experiment (a repeat group's, per run).
    static func runCost(_ experiment: ExperimentResult) -> Double? {
        experiment.estimatedCost.map { $0 / Double(experiment.evaluators.first?.repeats?.runs ?? 1) }
    }

    private func judge(
        _ verdict: inout GateVerdict, _ result: EvaluatorResult?, confidence: Double?, runCost: Double? = nil
    ) {
        guard let result, result.statistics.count > 0 else {
            verdict.reason = "no scores for '\(verdict.evaluator)'"
            return
        }
        if [.minPassRate, .minRowPassRate].contains(verdict.condition), result.statistics.passRate == nil {
            verdict.reason =
                "'\(verdict.evaluator)' gives numerical scores, which have no pass rate; use min_mean"
            return
        }
        if let confidence, verdict.condition == .minMean || verdict.condition == .minPassRate {
            return judgeMeanInterval(&verdict, result, confidence: confidence)
        }
        if let confidence, verdict.condition == .maxRegression, let comparison = result.comparison {
            return judgeRegressionInterval(
                &verdict, comparison, confidence: confidence, repeats: result.repeats?.runs, runCost: runCost)
        }
        let bound = Format.number(verdict.bound)
        switch verdict.condition {
        case .minMean, .maxMean:
            let mean = result.statistics.mean ?? 0
            verdict.value = mean
            let ok = verdict.condition == .minMean ? mean >= verdict.bound : mean <= verdict.bound
            verdict.outcome = ok ? .passed : .failed
            let op = verdict.condition == .minMean ? (ok ? "≥" : "<") : (ok ? "≤" : ">")
            verdict.reason = "mean \(Format.number(mean)) \(op) \(bound)"
        case .minPassRate:
            let rate = result.statistics.passRate ?? 0  // checked above: boolean scores have one
            verdict.value = rate
            verdict.outcome = rate >= verdict.bound ? .passed : .failed
            verdict.reason = "pass rate \(Format.number(rate)) \(rate >= verdict.bound ? "≥" : "<") \(bound)"
        case .minRowPassRate:
            judgeRows(&verdict, result.rowPasses)
        case .maxRegression:
            judgeRegression(&verdict, result.comparison)
        }
    }

    /// Every row must pass in at least `bound` of its runs; a failure names the rows that do not.
    private func judgeRows(_ verdict: inout GateVerdict, _ passes: [String: RowPasses]) {
        let rows = passes.values.sorted { ($0.rate, $0.row) < ($1.rate, $1.row) }
        let bound = Format.number(verdict.bound)
        let below = rows.filter { $0.rate < verdict.bound - 1e-12 }
        verdict.value = rows.first?.rate
        verdict.outcome = below.isEmpty ? .passed : .failed
        let runs = Set(rows.map(\.runs))
        let each = runs.count == 1 ? " \(counted(runs.first ?? 0, "run"))" : " runs"
        guard !below.isEmpty else {
            let worst = rows.first.map { " (worst: \($0.passed) of \($0.runs))" } ?? ""
            verdict.reason = "every one of \(counted(rows.count, "row")) passes in ≥ \(bound) of its\(each)\(worst)"
            return
        }
        // Rows are named by their input; two rows with one input are told apart by their key.
        let inputs = Dictionary(grouping: passes.values, by: \.input).mapValues(\.count)
        let named = below.prefix(Self.namedRows).map { row in
            let key = (inputs[row.input] ?? 0) > 1 ? " [\(row.row)]" : ""
            return "'\(row.input)'\(key) \(row.passed) of \(row.runs)"
        }
        let more = below.count > Self.namedRows ? ", and \(below.count - Self.namedRows) more" : ""
        verdict.reason =
            "\(below.count) of \(counted(rows.count, "row")) pass in fewer than \(bound) of their\(each): "
            + named.joined(separator: "; ") + more
    }

    /// Rows a failed `min_row_pass_rate` names; the rest are counted.
    static let namedRows = 5

    private func judgeRegression(_ verdict: inout GateVerdict, _ comparison: PairedComparison?) {
        guard let comparison else {
            verdict.outcome = .skipped
            verdict.reason =
                absentBaseline.map { "no baseline at \($0) (no lockfile committed there): every key is new" }
                ?? (hasBaseline
                    ? "no baseline run for this key (new)" : "no baseline given (--baseline or --baseline-ref)")
            return
        }
        guard let delta = comparison.delta else {
            verdict.reason =
                "no dataset row was scored in both runs (\(comparison.onlyCurrent) only now, \(comparison.onlyBaseline) only in the baseline)"
            return
        }
        let regression = -delta
        verdict.value = regression
        verdict.outcome = regression <= verdict.bound ? .passed : .failed
        verdict.reason =
            "regression \(Format.number(regression)) \(regression <= verdict.bound ? "≤" : ">") \(Format.number(verdict.bound)) over \(comparison.pairs) paired rows"
    }
}
