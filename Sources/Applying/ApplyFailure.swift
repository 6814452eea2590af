import Lockfiles
import Planning
import RespanAPI

/// Why one planned change did not happen, in words that say where it went wrong: Respan's
/// answer, an id held by another spec, or a change never sent because something it needs
/// failed first. Never a fabricated HTTP status for a local condition.
public enum ApplyFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// Respan refused the request or could not be reached.
    case remote(RespanAPIError)
    /// The chosen `experiment_id` exists on Respan with another spec (found after a duplicate
    /// answer): nothing was changed and no second experiment made. Each difference names the
    /// field, what Respan holds and what the manifest says.
    case idHeldByAnotherSpec(id: String, differences: [String])
    /// Not sent: a dataset or evaluator it uses ("dataset qa") could not be made (that failure
    /// is reported too).
    case notSent(because: String)
    /// Something on this machine (a file, the lockfile) failed.
    case local(String)

    public var description: String {
        switch self {
        case .remote(let error): "\(error)"
        case .idHeldByAnotherSpec(let id, let differences):
            "\(id) already exists on Respan with a different spec (\(differences.joined(separator: "; "))); "
                + "it was not changed and no second experiment was made. Another work tree or machine may have "
                + "made it: change the manifest's experiment_id, or --replace this key"
        case .notSent(let reason): "not sent: \(reason) could not be made (its own error says why)"
        case .local(let message): message
        }
    }

    /// The HTTP failure, when Respan answered with one.
    public var http: RespanAPIError.HTTPFailure? {
        if case .remote(.http(let failure)) = self { return failure }
        return nil
    }
}
