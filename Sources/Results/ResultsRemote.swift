import Planning
import RespanAPI

/// The remote reads `results` needs beyond planning's: traces, their summary, histograms.
public protocol ResultsRemote: ExperimentRemote {
    /// One page of `POST /api/v2/experiments/{id}/logs/list/`.
    func traces(experimentID: String, page: Int, pageSize: Int) async throws(RespanAPIError) -> Page<Trace>
    /// `POST /api/v2/experiments/{id}/logs/summary/`.
    func traceSummary(experimentID: String) async throws(RespanAPIError) -> TraceSummary
    /// `POST /api/v2/experiments/{id}/histogram/?evaluator_id=…&bins=…`.
    func histogram(experimentID: String, evaluatorID: String, bins: Int) async throws(RespanAPIError) -> Histogram
}

extension RespanClient: ResultsRemote {}

extension ResultsRemote {
    /// Every trace of a run, 100 a page (about ceil(rows/100) requests).
    func allTraces(experimentID: String) async throws(RespanAPIError) -> [Trace] {
        var traces: [Trace] = []
        for number in 1...1000 {
            let page = try await self.traces(experimentID: experimentID, page: number, pageSize: 100)
            traces += page.results
            if page.next == nil || page.results.count < 100 { break }
        }
        return traces
    }
}
