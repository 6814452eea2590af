import ArgumentParser
import Sandbox

/// `respan-plan sandbox` switches for the behaviours Respan's docs leave open (respan-api.md §9):
/// each plays one plausible answer of the real service, so a client can be tried against all.
struct BehaviourOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "How a create whose experiment_id exists is answered: 409, 400 (a field error) or 500.",
            valueName: "status"))
    var duplicateId: String = RemoteBehaviour().duplicateID.rawValue

    @Flag(help: "Ignore a client-chosen experiment_id on create and generate one.")
    var ignoreClientIds = false

    @Option(
        help: ArgumentHelp(
            "What a request field the docs do not list (tags, say) gets: reject (400) or ignore.",
            valueName: "reject|ignore"))
    var unknownFields: String = RemoteBehaviour().unknownFields.rawValue

    @Flag(
        help: "Store and echo each workflow step's config with server defaults filled in (temperature, top_p, stream…)."
    )
    var normaliseEcho = false

    @Option(help: ArgumentHelp("The status word of a finished run (completed_at is set with it).", valueName: "word"))
    var terminalStatus = RemoteBehaviour().terminalStatus

    @Option(
        help: ArgumentHelp(
            "The status of a wait step's trace before its output is submitted (the docs say pending or pending_custom_submission; success was seen on Respan: the trace still has no output until one is submitted).",
            valueName: "word"))
    var pendingTraceStatus = RemoteBehaviour().pendingTraceStatus

    @Option(
        help: ArgumentHelp(
            "Rows of full text a trace list page may ask for before 413 Content Too Large (0: no limit); pages with preview_length are always served, and the trace summary of a run with more traces than this answers 413 too.",
            valueName: "rows"))
    var tracePageLimit = RemoteBehaviour().tracePageLimit ?? 0

    @Option(help: ArgumentHelp("Seconds before bulk-uploaded rows count in log_count.", valueName: "seconds"))
    var ingestionLag = RemoteBehaviour().ingestionLagSeconds

    @Flag(help: "Ignore an 'id' 'in' filter on the experiment list (every experiment is answered).")
    var ignoreIdFilter = false

    @Flag(help: "Start a new run when a PUT changes a run-defining field (by default a PUT only edits what is stored).")
    var putReruns = false

    func validate() throws {
        if RemoteBehaviour.DuplicateIDAnswer(rawValue: duplicateId) == nil {
            throw ValidationError("--duplicate-id takes 409, 400 or 500, got '\(duplicateId)'")
        }
        if RemoteBehaviour.UnknownFields(rawValue: unknownFields) == nil {
            throw ValidationError("--unknown-fields takes reject or ignore, got '\(unknownFields)'")
        }
        if tracePageLimit < 0 { throw ValidationError("--trace-page-limit cannot be negative") }
        if ingestionLag < 0 { throw ValidationError("--ingestion-lag cannot be negative") }
        if terminalStatus.isEmpty || pendingTraceStatus.isEmpty {
            throw ValidationError("--terminal-status and --pending-trace-status need a word")
        }
    }

    var behaviour: RemoteBehaviour {
        var behaviour = RemoteBehaviour()
        behaviour.duplicateID = RemoteBehaviour.DuplicateIDAnswer(rawValue: duplicateId) ?? .conflict
        behaviour.ignoresClientIDs = ignoreClientIds
        behaviour.unknownFields = RemoteBehaviour.UnknownFields(rawValue: unknownFields) ?? .reject
        behaviour.normalisesEcho = normaliseEcho
        behaviour.terminalStatus = terminalStatus
        behaviour.pendingTraceStatus = pendingTraceStatus
        behaviour.tracePageLimit = tracePageLimit == 0 ? nil : tracePageLimit
        behaviour.ingestionLagSeconds = ingestionLag
        behaviour.ignoresIDFilter = ignoreIdFilter
        behaviour.putReruns = putReruns
        return behaviour
    }
}
