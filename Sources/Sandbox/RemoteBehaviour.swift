/// How the sandbox answers where Respan's docs are silent (respan-api.md §9, "Behaviours
/// nothing promises"). Each switch plays one plausible behaviour of the real service, so the
/// client is tested against every alternative, not only the one we picked. The defaults follow
/// the docs and the `respan-api` 0.1.47 SDK where they speak, and our earlier choices elsewhere.
public struct RemoteBehaviour: Sendable, Equatable {
    /// The answer to a create whose `experiment_id` already exists.
    public enum DuplicateIDAnswer: String, Sendable, CaseIterable {
        /// 409 Conflict.
        case conflict = "409"
        /// 400 with a field error on `experiment_id`, as Django REST's unique check answers.
        case badRequest = "400"
        /// 500: the unique constraint fails inside the database.
        case serverError = "500"
    }

    /// What a request field the docs do not list does.
    public enum UnknownFields: String, Sendable, CaseIterable {
        /// 400 naming the field (the default: `tags` is response-only in 0.1.47).
        case reject
        /// Dropped without a word.
        case ignore
    }

    public var duplicateID = DuplicateIDAnswer.conflict
    /// The create ignores a client-chosen `experiment_id` and generates its own.
    public var ignoresClientIDs = false
    public var unknownFields = UnknownFields.reject
    /// The backend normalises what it stores and echoes: each workflow step's config gains the
    /// server's defaults it left out (`ExperimentEdit.normalised`).
    public var normalisesEcho = false
    /// The status word of a finished run (Respan documents no enum).
    public var terminalStatus = "completed"
    /// The status of a `wait` trace before its output is submitted.
    public var pendingTraceStatus = "pending"
    /// Rows of full text a trace page (list, summary) may carry before 413 Content Too Large;
    /// `preview_length` pages are never refused. Nil serves any page.
    public var tracePageLimit: Int? = 50
    /// Seconds between a bulk upload and its rows counting in `log_count` (asynchronous
    /// ingestion: "accepted for ingestion").
    public var ingestionLagSeconds: Double = 0
    /// The experiment list ignores an `id` `in` filter and answers every experiment.
    public var ignoresIDFilter = false
    /// A PUT that changes a run-defining field starts a new run. Nothing promises it
    /// ("Replace editable fields"), so the default is that it only edits what is stored.
    public var putReruns = false

    public init() {}
}
