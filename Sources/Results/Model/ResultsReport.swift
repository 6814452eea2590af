import RespanAPI
import RespanCore

/// The scores of the managed experiments, their gates, and a baseline comparison: plain data
/// for the views (text, JSON, Markdown, JUnit) and for the exit code.
public struct ResultsReport: Sendable {
    /// The `format_version` of the JSON view (`schemas/results.schema.json`).
    public static let formatVersion = 1

    public var experiments: [ExperimentResult]
    /// `repeats: N` experiments combined across their runs (their gates are checked on these).
    public var repeatGroups: [ExperimentResult] = []
    public var baseline: BaselineComparison?
    public var gates: [GateVerdict]

    public init(
        experiments: [ExperimentResult], baseline: BaselineComparison?, gates: [GateVerdict],
        repeatGroups: [ExperimentResult] = []
    ) {
        self.experiments = experiments
        self.baseline = baseline
        self.gates = gates
        self.repeatGroups = repeatGroups
    }

    /// Failed and inconclusive gates: both fail the run.
    public var failedGates: [GateVerdict] { gates.filter(\.outcome.fails) }
    /// True when no gate failed (skipped gates do not fail a run).
    public var passed: Bool { failedGates.isEmpty }
    /// The runs whose comparison with the baseline's is not like for like.
    public var notLikeForLike: [ExperimentResult] { experiments.filter { !$0.notLikeForLike.isEmpty } }
}

/// One managed experiment's run and its scores per evaluator.
public struct ExperimentResult: Sendable {
    public var key: String
    public var id: String?
    /// The server's word, verbatim (`pending`, `running`, `completed`, `succeeded`, …), or
    /// `not_applied` (in the manifest, not in the lockfile).
    public var status: String
    /// 0–100.
    public var progress: Double?
    public var errorMessage: String?
    /// ISO-8601, when the server says the run ended.
    public var completedAt: String? = nil
    public var traceCount: Int
    /// Traces of a `wait` step still without their output (see `ResultsOperation.awaitingOutput`).
    public var awaitingOutput = 0
    /// Rows of a `wait` step whose runner failed: submitted as `{"error": …}`, counted here and
    /// left out of the scores (see `ResultsOperation.isErroredAnswer`).
    public var erroredRows = 0
    /// USD, from `/logs/summary/`.
    public var cost: Double?
    /// USD, what the plan's estimate rule gives for this run's rows (to judge the estimate).
    public var estimatedCost: Double? = nil
    public var tokens: Int?
    public var evaluators: [EvaluatorResult]
    /// The baseline run compared against (nil when none: a new key, or no baseline given).
    public var baselineID: String?
    /// The baseline key compared with, where it is not this key: the run this one replaces
    /// (a repeat's single run, a swapped matrix value's expansion; `BaselinePairing`).
    public var baselineKey: String?
    /// Evaluator name → score distribution, with `results --histogram`.
    public var histograms: [String: Histogram] = [:]
    /// The baseline records this very run: its regression is zero by construction, and its
    /// scores come from one summary (or none), never from trace pages.
    public var sharesBaselineRun = false
    /// Why the comparison with the baseline run is not like for like (another dataset, a
    /// managed dataset or evaluator changed between the runs, other evaluators, rows lost);
    /// empty when it is, or when there is no baseline run.
    public var notLikeForLike: [String] = []

    /// How the run ended, or nil while it runs (or before it is applied).
    public var outcome: RunOutcome? {
        status == "not_applied" ? nil : RunOutcome(status: status, completedAt: completedAt, errorMessage: errorMessage)
    }
    public var isComplete: Bool { outcome == .completed }

    /// "not like for like: another dataset (…); 3 rows the baseline scored have no score now",
    /// or nil when the comparison is like for like.
    public var likeForLikeNote: String? {
        notLikeForLike.isEmpty ? nil : "not like for like: " + notLikeForLike.joined(separator: "; ")
    }
}

/// One evaluator's scores on one experiment, and against the baseline run when there is one.
public struct EvaluatorResult: Sendable {
    /// The manifest's name for the evaluator, or its id/slug when the manifest has none.
    public var name: String
    /// The id or slug scores are reported under.
    public var scoreKey: String
    public var statistics: ScoreStatistics
    public var comparison: PairedComparison?
    /// Dataset row (`comparison_key`) → its mean score: the unit a statistical gate resamples.
    public var rowMeans: [String: Double] = [:]
    /// The baseline run's row means, when compared with one.
    public var baselineRowMeans: [String: Double]? = nil
    /// Across `repeats: N` runs: the runs, the mean of their means, and their spread.
    public var repeats: RepeatSpread? = nil
    /// Rows (`comparison_key`) on which the evaluator gave an error, on either side.
    public var erroredRows: Set<String> = []
    /// Against a baseline run: every row in one class.
    public var rows: RowClasses? = nil
    /// Against a baseline run: the most regressed rows, worst first (at most `RowExample.limit`).
    public var worstRows: [RowExample] = []
    /// Against a baseline run: rows scored now that it does not have (added or changed in the
    /// dataset), lowest score first (at most `RowExample.limit`); `comparison.onlyCurrent` counts all.
    public var newRows: [NewRow] = []
    /// Boolean scores: dataset row (`comparison_key`) → in how many of its scores it passed
    /// (one a run; k of N with `repeats: N`), for `min_row_pass_rate`.
    public var rowPasses: [String: RowPasses] = [:]
}

/// One dataset row's passes across its runs: k of n.
public struct RowPasses: Sendable, Equatable {
    /// The row's `comparison_key`.
    public var row: String
    public var passed: Int
    public var runs: Int
    /// The row's input, shortened, to name the row.
    public var input: String

    /// k/n, 0–1.
    public var rate: Double { runs == 0 ? 0 : Double(passed) / Double(runs) }

    /// The input as a row's name: its first 60 characters.
    static func name(_ input: String) -> String {
        let line = input.split(whereSeparator: \.isNewline).joined(separator: " ")
        return line.count > 60 ? String(line.prefix(59)) + "…" : line
    }
}

/// How `repeats: N` runs of one spec agree.
public struct RepeatSpread: Sendable, Equatable {
    public var runs: Int
    public var meanOfMeans: Double?
    /// The largest minus the smallest run mean.
    public var range: Double?
    /// The sample standard deviation of the run means.
    public var standardDeviation: Double?
}

/// Where the baseline came from, and the keys on one side only.
public struct BaselineComparison: Sendable {
    /// The lockfile path, or `REF:path` for `--baseline-ref`.
    public var source: String
    /// Keys in scope that the baseline does not have.
    public var newKeys: [String]
    /// Keys the baseline has that the current state no longer does.
    public var removedKeys: [String]
    /// Keys whose run is the baseline's own run (counted, not listed, in a comment).
    public var unchangedKeys: [String] = []
    /// What the baseline is called in a sentence: the git ref, or the lockfile path.
    public var label: String = ""
    /// The baseline ref holds no lockfile: every key is new.
    public var absent = false
}
