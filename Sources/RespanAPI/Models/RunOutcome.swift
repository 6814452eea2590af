/// How a run ended, read from an experiment's `status` and `completed_at`.
///
/// Respan documents no status enum: its examples show `pending` and `running`, `failed` is
/// implied by `error_message`, and `completed` never appears (respan-api.md §2.5, §9). So a
/// run is finished when `completed_at` is set or its status is one of the terminal words
/// below (compared case-insensitively); any other word means "not finished yet" and is shown
/// as the server wrote it.
public enum RunOutcome: String, Sendable, Equatable, CaseIterable {
    case completed
    case failed
    case cancelled

    /// Status words that end a run, by outcome.
    public static let terminalWords: [RunOutcome: Set<String>] = [
        .completed: ["completed", "complete", "succeeded", "success", "done", "finished"],
        .failed: ["failed", "failure", "error", "errored"],
        .cancelled: ["cancelled", "canceled", "aborted"],
    ]

    /// The outcome `status` names, or, when the word is unknown but `completedAt` is set,
    /// `failed` if there is an `errorMessage` and `completed` if not; nil while running.
    public init?(status: String?, completedAt: String? = nil, errorMessage: String? = nil) {
        let word = status?.lowercased() ?? ""
        if let known = Self.allCases.first(where: { Self.terminalWords[$0]?.contains(word) == true }) {
            self = known
        } else if let completedAt, !completedAt.isEmpty {
            self = errorMessage == nil ? .completed : .failed
        } else {
            return nil
        }
    }

    /// The known terminal words, for messages ("completed, failed, error, cancelled …").
    public static var knownWords: String {
        allCases.flatMap { (terminalWords[$0] ?? []).sorted() }.joined(separator: ", ")
    }
}

extension Experiment {
    /// How the run ended, or nil while it runs (see `RunOutcome`).
    public var outcome: RunOutcome? {
        RunOutcome(status: status, completedAt: completedAt, errorMessage: errorMessage)
    }
}
