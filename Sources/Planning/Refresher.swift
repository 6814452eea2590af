import RespanAPI
import RespanCore

/// Reads the remote state of every experiment in the lockfile through the filtered list
/// endpoint: about ceil(N/100) requests for N experiments, not N.
public struct Refresher: Sendable {
    public static let pageSize = 100
    let remote: any ExperimentRemote

    public init(remote: any ExperimentRemote) {
        self.remote = remote
    }

    /// Remote experiments by id, and the number of requests it took. An id missing from the
    /// answer was deleted outside respan-plan.
    public func refresh(
        ids: some Collection<String>
    ) async throws(RespanAPIError) -> (experiments: [String: Experiment], requests: Int) {
        var found: [String: Experiment] = [:]
        var requests = 0
        let sorted = Array(Set(ids)).sorted()
        for start in stride(from: 0, to: sorted.count, by: Self.pageSize) {
            let chunk = Array(sorted[start..<min(sorted.count, start + Self.pageSize)])
            // A server that pages smaller than asked is followed rather than trusted to fit.
            var number = 0
            var next: String? = ""
            while next != nil, number < 100 {
                number += 1
                let page = try await remote.experimentPage(ids: chunk, page: number, pageSize: Self.pageSize)
                requests += 1
                for experiment in page.results { found[experiment.id] = experiment }
                next = page.next
            }
        }
        return (found, requests)
    }
}
