import Lockfiles
import RespanAPI
import RespanCore

/// Checks that the datasets and evaluators a plan's creates and replaces name exist on Respan,
/// one request per distinct id or slug, so a typo fails before anything changes.
public struct ReferenceCheck: Sendable {
    let remote: any ExperimentRemote

    public init(remote: any ExperimentRemote) {
        self.remote = remote
    }

    /// A diagnostic (at the first experiment using it) for each missing object.
    public func missing(in plan: Plan) async throws(RespanAPIError) -> [Diagnostic] {
        try await check(plan).missing
    }

    /// The missing objects, the row count of every dataset found (for the cost estimate), and
    /// the version of every evaluator found (recorded with the runs made with it).
    public func check(
        _ plan: Plan
    ) async throws(RespanAPIError) -> (missing: [Diagnostic], rows: [String: Int], versions: [String: String]) {
        var firstUse: [RemoteReference: PlannedChange] = [:]
        for change in plan.actionable where change.action == .create || change.action == .replace {
            guard let body = change.body else { continue }
            for reference in RemoteReference.all(in: body) where firstUse[reference] == nil {
                firstUse[reference] = change
            }
        }
        var diagnostics: [Diagnostic] = [], rows: [String: Int] = [:], versions: [String: String] = [:]
        for (reference, change) in firstUse.sorted(by: { $0.key < $1.key }) {
            if case .dataset(let id) = reference {
                // One request both checks the dataset and reads its size.
                if let found = try await remote.datasetRows(id) {
                    rows[id] = found
                    continue
                }
            } else if let found = try await remote.referenceVersion(reference) {
                if let version = found, let name = reference.evaluatorName { versions[name] = version }
                continue
            }
            diagnostics.append(.error("\(change.key): \(reference) does not exist on Respan", at: change.location))
        }
        // A run adopted (made elsewhere, or before the lockfile was lost) is recorded with its
        // evaluators' versions as Respan shows them now; a missing one is not this plan's error.
        var adopted = Set<RemoteReference>()
        for change in plan.actionable where change.action == .adopt {
            for reference in RemoteReference.all(in: change.body ?? change.applied ?? [:])
            where reference.evaluatorName != nil && firstUse[reference] == nil {
                adopted.insert(reference)
            }
        }
        for reference in adopted.sorted() {
            if let found = try await remote.referenceVersion(reference), let version = found,
                let name = reference.evaluatorName
            {
                versions[name] = version
            }
        }
        return (diagnostics, rows, versions)
    }
}
