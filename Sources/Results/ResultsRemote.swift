import Lockfiles
import Planning
import RespanAPI

/// The trace reads of a run (see `TraceReading`).
public protocol TraceRemote: Sendable {
    /// One page of `POST /api/v2/experiments/{id}/logs/list/`; `previewLength` cuts the text fields.
    func traces(
        experimentID: String, page: Int, pageSize: Int, previewLength: Int?
    ) async throws(RespanAPIError) -> Page<Trace>
    /// `GET /api/v2/experiments/{id}/logs/{log_id}/`, with the `span_tree`.
    func trace(experimentID: String, logID: String) async throws(RespanAPIError) -> Trace
    /// `POST /api/v2/experiments/{id}/logs/summary/`.
    func traceSummary(experimentID: String) async throws(RespanAPIError) -> TraceSummary
}

/// The remote reads `results` needs beyond planning's: traces, their summary, histograms.
public protocol ResultsRemote: ExperimentRemote, TraceRemote {
    /// `POST /api/v2/experiments/{id}/histogram/?evaluator_id=…&bins=…`.
    func histogram(experimentID: String, evaluatorID: String, bins: Int) async throws(RespanAPIError) -> Histogram
}

extension RespanClient: ResultsRemote {}
