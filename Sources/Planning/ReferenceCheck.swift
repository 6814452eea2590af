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

    /// The missing objects, and the row count of every dataset found (for the cost estimate).
    public func check(_ plan: Plan) async throws(RespanAPIError) -> (missing: [Diagnostic], rows: [String: Int]) {
        var firstUse: [RemoteReference: PlannedChange] = [:]
        for change in plan.actionable where change.action == .create || change.action == .replace {
            guard let body = change.body else { continue }
            for reference in RemoteReference.all(in: body) where firstUse[reference] == nil {
                firstUse[reference] = change
            }
        }
        var diagnostics: [Diagnostic] = [], rows: [String: Int] = [:]
        for (reference, change) in firstUse.sorted(by: { $0.key < $1.key }) {
            if case .dataset(let id) = reference {
                // One request both checks the dataset and reads its size.
                if let found = try await remote.datasetRows(id) {
                    rows[id] = found
                    continue
                }
            } else if try await remote.referenceExists(reference) {
                continue
            }
            diagnostics.append(.error("\(change.key): \(reference) does not exist on Respan", at: change.location))
        }
        return (diagnostics, rows)
    }
}
