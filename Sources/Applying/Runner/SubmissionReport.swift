import Lockfiles
import Manifest

/// One `wait` run to answer: the manifest key, the run's id and the runner that answers it.
public struct SubmissionTarget: Sendable {
    public var key: String
    public var experimentID: String
    public var runner: Runner

    public init(key: String, experimentID: String, runner: Runner) {
        self.key = key
        self.experimentID = experimentID
        self.runner = runner
    }
}

/// What answering one run did.
public struct SubmissionReport: Sendable, Equatable {
    /// A row submitted as an error: its trace, and why (the command's failure).
    public struct RowError: Sendable, Equatable {
        public var trace: String
        public var message: String
    }

    public var key: String
    public var experimentID: String
    /// Rows submitted this time with the command's output.
    public var answered = 0
    /// Rows submitted this time as `{"error": …}`.
    public var errored: [RowError] = []
    /// Rows found already answered (journaled here, or with an output on Respan): not sent again.
    public var alreadySubmitted = 0
    /// How the run ended as Respan reports it once every row was answered, or nil.
    public var finalStatus: String?

    public init(key: String, experimentID: String) {
        self.key = key
        self.experimentID = experimentID
    }
}

/// What answering every run did (`apply --wait`, `respan-plan submit`).
public struct SubmissionOutcome: Sendable, Equatable {
    public var reports: [SubmissionReport] = []

    public init(reports: [SubmissionReport] = []) {
        self.reports = reports
    }

    /// Whether any row failed (the command's exit code is then 1).
    public var hasErroredRows: Bool { reports.contains { !$0.errored.isEmpty } }
}

extension SubmissionTarget {
    /// The runs to answer: each experiment in scope with a runner whose run the lockfile
    /// records as created, in key order.
    public static func all(
        in desired: DesiredState, lockfile: Lockfile, targets: [KeyPattern], excludes: [KeyPattern]
    ) -> [SubmissionTarget] {
        desired.experiments.compactMap { experiment in
            guard let runner = experiment.runner, let entry = lockfile.entries[experiment.key], entry.state == .created,
                KeyPattern.inScope(experiment.key, targets: targets, excludes: excludes)
            else { return nil }
            return SubmissionTarget(key: experiment.key, experimentID: entry.id, runner: runner)
        }
    }
}
