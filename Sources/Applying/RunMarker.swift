import Lockfiles
import Planning
import RespanAPI

/// What tells one run of an experiment from the next, as far as Respan shows it: `started_at`,
/// `completed_at`, `status` and `progress` (0–100). Used to check that a PUT started a new run,
/// which Respan does not promise (respan-api.md §9).
struct RunMarker: Equatable {
    var startedAt: String?
    var completedAt: String?
    var status: String?
    var progress: Double?

    init(_ experiment: Experiment) {
        startedAt = experiment.startedAt
        completedAt = experiment.completedAt
        status = experiment.status
        progress = experiment.progress
    }

    /// Whether the answer shows anything a new run would change.
    var isKnown: Bool { startedAt != nil || status != nil || progress != nil }

    /// Whether this marker shows a run newer than `before`: a new start time, a finished run
    /// that is no longer finished, or progress that went back.
    func startedAfter(_ before: RunMarker) -> Bool {
        if let startedAt, startedAt != before.startedAt { return true }
        if before.completedAt != nil && completedAt == nil { return true }
        if let progress, let old = before.progress, progress < old { return true }
        if let status, let old = before.status, status != old, RunOutcome(status: old) != nil,
            RunOutcome(status: status) == nil
        {
            return true
        }
        return false
    }
}
