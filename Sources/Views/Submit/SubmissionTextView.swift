import Applying

/// What answering `wait` runs did, as text: one line a run, then one line per errored row.
public struct SubmissionTextView: Sendable {
    public init() {}

    /// "rag (exp_…): 36 rows submitted (2 errored)…" as the rows go, for standard error.
    public func progress(_ report: SubmissionReport) -> String {
        "\(report.key) (\(report.experimentID)): \(report.answered + report.errored.count) rows submitted"
            + (report.errored.isEmpty ? "" : " (\(report.errored.count) errored)") + "…\n"
    }

    /// The summary, for standard output; empty when there was no run to answer.
    public func render(_ outcome: SubmissionOutcome) -> String {
        var text = ""
        for report in outcome.reports {
            let sent = report.answered + report.errored.count
            text +=
                "\(report.key) (\(report.experimentID)): \(sent) row\(sent == 1 ? "" : "s") submitted, "
                + "\(report.errored.count) errored, \(report.alreadySubmitted) already submitted"
                + (report.finalStatus.map { "; run \($0)" } ?? "") + ".\n"
            for row in report.errored { text += "  errored row \(row.trace): \(row.message)\n" }
        }
        return text
    }
}
