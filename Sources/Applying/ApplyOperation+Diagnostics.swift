import Lockfiles
import Planning
import RespanAPI
import RespanCore

extension ApplyOperation {
    /// A failed change, reported against the manifest: at the field a 422 names when the
    /// manifest sets it (the experiment's key as a note), else at the experiment's key.
    static func diagnostic(
        for failure: AppliedChange, fieldLocations: [String: [String: SourceLocation]]
    ) -> Diagnostic {
        let change = failure.change
        let text = failure.error.map { "\($0)" } ?? ""
        let message = "\(change.key): \(change.action.rawValue) failed: \(text)"
        guard let http = failure.error?.http,
            let field = http.fieldErrors.keys.sorted().first(where: { fieldLocations[change.key]?[$0] != nil }),
            let place = fieldLocations[change.key]?[field]
        else {
            return .error(message, at: change.location)
        }
        let notes = change.location.map { [Diagnostic.Note("in the experiment '\(change.key)' defined here", at: $0)] }
        return .error(message, at: place, notes: notes ?? [])
    }
}
