import Lockfiles
import RespanAPI
import RespanCore

/// Reads the remote state of every experiment in the lockfile through the filtered list
/// endpoint: about ceil(N/100) requests for N experiments, not N.
public struct Refresher: Sendable {
    public static let pageSize = 100
    /// Pages followed for one chunk of ids: enough for a server that pages far smaller than asked.
    static let maxPages = 100
    let remote: any ExperimentRemote

    public init(remote: any ExperimentRemote) {
        self.remote = remote
    }

    /// Remote experiments by id, and the number of requests it took. An id missing from the
    /// answer was deleted outside respan-plan.
    ///
    /// Which fields the list filters by is not documented (respan-api.md §9): a page that holds
    /// an experiment it was not asked for shows the `id` filter was ignored, and the ids are
    /// then read one by one (N requests instead of about N/100, but the right answer).
    public func refresh(
        ids: some Collection<String>
    ) async throws(RespanAPIError) -> (experiments: [String: Experiment], requests: Int) {
        var found: [String: Experiment] = [:]
        var requests = 0
        var filterIgnored = false
        let sorted = Array(Set(ids)).sorted()
        for start in stride(from: 0, to: sorted.count, by: Self.pageSize) {
            let chunk = Array(sorted[start..<min(sorted.count, start + Self.pageSize)])
            if !filterIgnored {
                let listed = try await list(chunk, requests: &requests)
                if let listed {
                    found.merge(listed) { _, new in new }
                    continue
                }
                filterIgnored = true
            }
            for id in chunk {
                requests += 1
                if let experiment = try await remote.experimentIfExists(id) { found[id] = experiment }
            }
        }
        return (found, requests)
    }

    /// The experiments of `chunk` through the filtered list, or nil when the list answered
    /// experiments it was not asked for. A server that pages smaller than asked is followed
    /// rather than trusted to fit.
    private func list(_ chunk: [String], requests: inout Int) async throws(RespanAPIError) -> [String: Experiment]? {
        let asked = Set(chunk)
        var found: [String: Experiment]? = [:]
        requests += try await Paging(limit: Self.maxPages, name: "the experiment list").read {
            (number: Int) async throws(RespanAPIError) -> Page<Experiment> in
            try await remote.experimentPage(ids: chunk, page: number, pageSize: Self.pageSize)
        } each: { page in
            guard !page.results.contains(where: { !asked.contains($0.id) }) else {
                found = nil
                return false
            }
            for experiment in page.results { found?[experiment.id] = experiment }
            return true
        }
        return found
    }
}
