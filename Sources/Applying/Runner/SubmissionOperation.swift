import Foundation
import RespanAPI
import RespanCore

/// Answers `wait` runs with their runners (design §14): lists each run's traces, runs the
/// command once for every row not yet answered (at most `runner.concurrency` at once), and
/// submits each output through `PATCH …/logs/{log_id}/` with its latency in `metrics`. A row
/// whose command fails, times out or prints no JSON is submitted as `{"error": …}`, its error
/// and the end of its standard error in `metadata`, and reported as errored.
///
/// A row counts as answered when the journal records it or its trace has an output, never by
/// the trace's status word; so a rerun after a crash answers only the rest, and an answered run
/// costs one status read and its trace pages. Requests per run and pass: 1 status read,
/// ceil(traces/50) pages, one PATCH per unanswered row.
public struct SubmissionOperation: Sendable {
    let remote: any SubmissionRemote
    let journal: SubmissionJournal
    /// The process environment the commands start from, and the API key kept out of it.
    let environment: [String: String]
    let secret: String
    /// The first pause between two looks at a run whose traces are still coming (then doubled,
    /// up to 20 times it, while nothing new is there to answer).
    let poll: Duration
    let progress: @Sendable (SubmissionReport) -> Void

    public init(
        remote: any SubmissionRemote, journal: SubmissionJournal, environment: [String: String], secret: String,
        poll: Duration = .milliseconds(500), progress: @escaping @Sendable (SubmissionReport) -> Void = { _ in }
    ) {
        self.remote = remote
        self.journal = journal
        self.environment = environment
        self.secret = secret
        self.poll = poll
        self.progress = progress
    }

    /// Answers every target, one run after another. Throws `RowCommand.NotFound` before any
    /// row when a command's program does not exist, and the API's errors as they come.
    public func run(_ targets: [SubmissionTarget]) async throws -> SubmissionOutcome {
        let commands = try targets.map {
            try RowCommand(runner: $0.runner, environment: environment, secret: secret)
        }
        for command in commands { try await command.checkReachable() }
        var outcome = SubmissionOutcome()
        for (target, command) in zip(targets, commands) {
            outcome.reports.append(try await answer(target, with: command))
        }
        return outcome
    }

    /// Passes over the run until Respan reports it finished and no row is left unanswered.
    private func answer(_ target: SubmissionTarget, with command: RowCommand) async throws -> SubmissionReport {
        var report = SubmissionReport(key: target.key, experimentID: target.experimentID)
        var counted = Set<String>()
        var pause = poll
        while true {
            // The status first: once it says finished, the pages read after it hold every trace.
            let status = try await remote.experiment(target.experimentID)
            let traces = try await TracePages(remote: remote).all(target.experimentID)
            let journaled = await journal.submitted(target.experimentID)
            let open = traces.filter { !journaled.contains($0.id) && !$0.hasOutput }
            for trace in traces where !counted.contains(trace.id) && (journaled.contains(trace.id) || trace.hasOutput) {
                report.alreadySubmitted += 1
            }
            counted.formUnion(traces.map(\.id))
            if open.isEmpty {
                if status.outcome != nil {
                    report.finalStatus = status.status
                    return report
                }
                // Nothing to answer yet: look less often the longer it lasts, up to 20 times `poll`.
                try await Task.sleep(for: pause)
                pause = min(pause * 2, poll * 20)
                continue
            }
            pause = poll
            try await submit(open, of: target, with: command, into: &report)
            progress(report)
        }
    }

    private func submit(
        _ traces: [Trace], of target: SubmissionTarget, with command: RowCommand, into report: inout SubmissionReport
    ) async throws {
        let limit = max(1, target.runner.concurrency)
        try await withThrowingTaskGroup(of: SubmissionReport.RowError?.self) { group in
            var queue = traces[...]
            func next() {
                guard let trace = queue.popFirst() else { return }
                group.addTask { try await self.answer(trace, of: target.experimentID, with: command) }
            }
            for _ in 0..<limit { next() }
            while let result = try await group.next() {
                if let error = result { report.errored.append(error) } else { report.answered += 1 }
                next()
            }
        }
    }

    /// Runs the command on one row and submits what it gave; the error when it failed.
    private func answer(
        _ trace: Trace, of experimentID: String, with command: RowCommand
    ) async throws -> SubmissionReport.RowError? {
        let clock = ContinuousClock()
        let started = clock.now
        let answer = await command.answer(trace.input ?? .null)
        let elapsed = clock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        var body: [String: JSONValue] = [
            "input": trace.input ?? .null, "metrics": ["latency": JSONNumber(seconds).map(JSONValue.number) ?? 0],
        ]
        var failure: SubmissionReport.RowError?
        switch answer {
        case .output(let output):
            body["output"] = output
        case .failure(let message, let stderr):
            body["output"] = ["error": .string(message)]
            body["metadata"] = ["error": .string(message), "stderr": .string(stderr)]
            failure = SubmissionReport.RowError(trace: trace.id, message: message)
        }
        try await remote.submitTrace(experimentID: experimentID, logID: trace.id, body: .object(body))
        try await journal.record(trace: trace.id, experimentID: experimentID)
        return failure
    }
}

extension Trace {
    /// Whether Respan holds an output for the trace (a `wait` trace has none until one is submitted).
    var hasOutput: Bool {
        guard let output else { return false }
        return output != .null && output != ""
    }
}
