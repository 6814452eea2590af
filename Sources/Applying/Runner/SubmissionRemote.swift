import RespanAPI
import RespanCore

/// What answering a `wait` run needs of Respan (respan-api.md §2.5–2.6): the run's status, its
/// traces, and the route that submits one trace's output. `RespanClient` conforms.
public protocol SubmissionRemote: Sendable {
    func experiment(_ id: String) async throws(RespanAPIError) -> Experiment
    func traces(
        experimentID: String, page: Int, pageSize: Int, previewLength: Int?
    ) async throws(RespanAPIError) -> Page<Trace>
    func submitTrace(experimentID: String, logID: String, body: JSONValue) async throws(RespanAPIError)
}

extension RespanClient: SubmissionRemote {}
