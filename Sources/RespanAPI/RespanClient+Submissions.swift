import RespanCore

extension RespanClient {
    /// Resumes a `wait` trace with its output (`PATCH /api/v2/experiments/{id}/logs/{log_id}/`,
    /// respan-api.md §2.6). `body` carries `input` and `output` (both required by the route),
    /// and optionally `metrics` (cost, latency in seconds, tokens) and `metadata`. Answers
    /// `{id, trace_unique_id, status}`, which callers need not read. Errors: 400 (a required
    /// field missing), 401, 404 (no such trace). Retried like every PATCH: a repeat sets the
    /// same output again.
    public func submitTrace(experimentID: String, logID: String, body: JSONValue) async throws(RespanAPIError) {
        let call = Call(
            method: .PATCH, path: Self.experimentPath(experimentID) + "logs/\(Self.escape(logID))/", body: body)
        _ = try await send(call)
    }
}
