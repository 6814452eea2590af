import Manifest
import RespanAPI
import RespanCore

/// Refresh, then plan: what `plan`, `apply` and `destroy` share.
public struct PlanSession: Sendable {
    public let remote: any ExperimentRemote
    public let store: LockfileStore

    public init(remote: any ExperimentRemote, store: LockfileStore) {
        self.remote = remote
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

    /// Reads the lockfile, refreshes what it manages, diffs, and (when refreshing) checks that the
    /// connection works and that the plan's datasets and evaluators exist, so a wrong key, a dead
    /// endpoint or a typo fails the plan instead of a later apply.
    ///
    /// With `options.refresh == false` nothing is sent: the lockfile is taken as the truth.
    public func plan(_ desired: DesiredState, options: PlanOptions) async throws -> Result {
        var lockfile = try store.load()
        let ids = lockfile.entries.values.map(\.id)
        var (remoteState, requests) = ([String: Experiment](), 0)
        if options.refresh {
            (remoteState, requests) = try await Refresher(remote: remote).refresh(ids: ids)
            if requests == 0 {
                try await remote.verifyConnection()
                requests += 1
            }
        } else {
            remoteState = Self.assumed(from: lockfile)
        }
        var diagnostics = DiagnosticList()
        let plan = Planner(options: options).plan(
            desired: desired, lockfile: &lockfile, remote: remoteState, refreshRequests: requests,
            diagnostics: &diagnostics)
        if options.refresh && !diagnostics.hasErrors {
            for missing in try await ReferenceCheck(remote: remote).missing(in: plan) { diagnostics.append(missing) }
        }
        return Result(plan: plan, lockfile: lockfile, diagnostics: diagnostics, remote: remoteState, remoteIDs: ids)
    }

    /// The remote as the lockfile last left it, for `--refresh=false`.
    static func assumed(from lockfile: Lockfile) -> [String: Experiment] {
        var state: [String: Experiment] = [:]
        for entry in lockfile.entries.values where entry.state == .created {
            var raw = entry.applied.objectValue ?? [:]
            raw["id"] = .string(entry.id)
            state[entry.id] = try? Experiment(json: .object(raw))
        }
        return state
    }
}
