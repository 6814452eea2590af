import RespanAPI

extension StatusSnapshot {
    /// Why `--timeout` ended a wait: each unfinished run with its status word as the server
    /// wrote it and its progress, and, for a word respan-plan does not know as terminal, that
    /// the run was not taken as finished (no `completed_at` either; respan-api.md §9).
    ///
    ///     timed out after 30 s waiting for 1 run: answer (exp_1) evaluating 100%
    ///     ('evaluating' is not a status respan-plan knows as finished — completed, … — and the run has no completed_at)
    public func timeoutMessage(limit: Duration) -> String {
        let waiting = unfinished
        let names = waiting.map { "\($0.key) (\($0.id)) \($0.status) \(Int($0.progress))%" }
        let after = limit < .seconds(1) ? "\(Int(limit.seconds * 1000)) ms" : limit.inWords
        var text =
            "timed out after \(after) (--timeout) waiting for \(waiting.count) "
            + (waiting.count == 1 ? "run" : "runs") + ": " + names.joined(separator: ", ")
        let ordinary: Set<String> = ["pending", "running", "queued", "unknown"]
        let unknown = Set(waiting.map(\.status)).filter { !ordinary.contains($0.lowercased()) }.sorted()
        if !unknown.isEmpty {
            let words = unknown.map { "'\($0)'" }.joined(separator: ", ")
            text +=
                "\n(\(words) \(unknown.count == 1 ? "is not a status" : "are not statuses") respan-plan knows as "
                + "finished — \(RunOutcome.knownWords) — and these runs have no completed_at; "
                + "check the run on Respan, then wait again with 'respan-plan status --wait')"
        }
        return text
    }
}
