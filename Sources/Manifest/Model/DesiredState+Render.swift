import RespanCore

extension DesiredState {
    /// The version of the document `render` prints.
    public static let renderFormatVersion = 1

    /// Every experiment key with the exact create request body the API will receive.
    ///
    /// `experiment_id` appears only when the manifest sets it; otherwise `apply` chooses one
    /// when it first creates the experiment and records it in the lockfile.
    public func renderDocument() -> JSONValue {
        var experiments: [String: JSONValue] = [:]
        for experiment in self.experiments {
            experiments[experiment.key] = experiment.body
        }
        return .object(["format_version": .int(Self.renderFormatVersion), "experiments": .object(experiments)])
    }
}
