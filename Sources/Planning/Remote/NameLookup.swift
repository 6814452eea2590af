import Lockfiles
import Manifest
import RespanAPI
import RespanCore

/// Finds the runs a lost lockfile no longer names when their chosen ids cannot be looked up:
/// on a remote that generates its own ids (respan-api.md §9, "client ids ignored") an
/// experiment made by an earlier apply is found by its name, and adopted only when its full
/// record holds the manifest's spec. Each remote experiment is claimed by one key at most.
struct NameLookup: Sendable {
    let remote: any ExperimentRemote
    static let chunk = 100

    /// Key → remote id for `experiments` (creates with no lockfile entry whose derived id is
    /// not on Respan), skipping ids in `taken`; and the requests it made: about
    /// ceil(N/100) lists, plus one read per experiment whose name matches.
    func adoptable(
        _ experiments: [ResolvedExperiment], taken: Set<String>
    ) async throws(RespanAPIError) -> (found: [String: String], requests: Int) {
        let named = experiments.compactMap { experiment in experiment.body["name"]?.stringValue.map { (experiment, $0) }
        }
        guard !named.isEmpty else { return ([:], 0) }
        var requests = 0
        var byName: [String: [Experiment]] = [:]
        let names = Array(Set(named.map(\.1))).sorted()
        for start in stride(from: 0, to: names.count, by: Self.chunk) {
            requests += 1
            for item in try await remote.experiments(named: Array(names[start..<min(names.count, start + Self.chunk)]))
            {
                byName[item.name ?? "", default: []].append(item)
            }
        }
        var claimed = taken
        var found: [String: String] = [:]
        for (experiment, name) in named {
            for candidate in byName[name] ?? [] where !claimed.contains(candidate.id) {
                requests += 1
                guard let full = try await remote.experimentIfExists(candidate.id), full.workflow != nil,
                    ExperimentIdentity.differences(remote: full.raw, body: experiment.body).isEmpty
                else { continue }
                found[experiment.key] = candidate.id
                claimed.insert(candidate.id)
                break
            }
        }
        return (found, requests)
    }
}
