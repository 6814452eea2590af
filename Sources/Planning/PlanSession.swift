import Manifest
import RespanAPI
import RespanCore

/// Refresh, then plan: what `plan`, `apply` and `destroy` share.
public struct PlanSession: Sendable {
    public let client: RespanClient
    public let store: LockfileStore

    public init(client: RespanClient, store: LockfileStore) {
        self.client = client
        self.store = store
    }

    public struct Result: Sendable {
        public var plan: Plan
        /// The lockfile with `moved:` renames applied, to be saved by apply.
        public var lockfile: Lockfile
        public var diagnostics: DiagnosticList
        /// The remote experiments read, by id, and every id that was looked for.
        public var remote: [String: Experiment]
        public var remoteIDs: [String]
    }

    public func plan(_ desired: DesiredState, options: PlanOptions) async throws -> Result {
        var lockfile = try store.load()
        let ids = lockfile.entries.values.map(\.id)
        let (remote, requests) = try await Refresher(client: client).refresh(ids: ids)
        var diagnostics = DiagnosticList()
        let plan = Planner(options: options).plan(
            desired: desired, lockfile: &lockfile, remote: remote, refreshRequests: requests, diagnostics: &diagnostics)
        return Result(plan: plan, lockfile: lockfile, diagnostics: diagnostics, remote: remote, remoteIDs: ids)
    }
}
