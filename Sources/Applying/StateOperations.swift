import Lockfiles
import Manifest
import Planning
import RespanAPI
import RespanCore

/// `import` and `state rm`: lockfile-only changes, each under the apply lock.
public struct StateOperations: Sendable {
    public var state: StateSet
    var store: LockfileStore { state.store }

    public init(state: StateSet) {
        self.state = state
    }

    /// The state's lockfile (`state list`).
    public func list() throws -> Lockfile {
        try store.load()
    }

    /// What `import KEY ID` did.
    public struct Imported: Sendable, Equatable {
        public var key: String
        public var id: String
    }

    /// What `state rm KEY` did.
    public struct Forgotten: Sendable, Equatable {
        public var key: String
        public var id: String
    }

    /// Records the existing remote experiment `id` for the manifest key `key`, without changing it.
    public func importExperiment(
        key: String, id: String, desired: DesiredState, manifest: String, remote: any ExperimentRemote
    ) async throws -> Imported {
        guard let experiment = desired.experiment(key) else {
            throw StateError.notAKey(
                key, manifest: manifest, suggestion: Suggestion.hint(for: key, in: desired.experiments.map(\.key)))
        }
        return try await store.locked {
            var lockfile = try store.load()
            if let existing = lockfile.entries[key] { throw StateError.alreadyManaged(key, id: existing.id) }
            guard let found = try await remote.experimentIfExists(id) else { throw StateError.noSuchExperiment(id) }
            lockfile.entries[key] = Importer.entry(for: experiment, remote: found)
            try store.save(lockfile)
            return Imported(key: key, id: found.id)
        }
    }

    /// Drops `key` from the lockfile; the remote experiment is kept.
    public func forget(key: String) async throws -> Forgotten {
        try await store.locked {
            var lockfile = try store.load()
            guard let entry = lockfile.entries.removeValue(forKey: key) else { throw notManaged(key, in: lockfile) }
            try store.save(lockfile)
            return Forgotten(key: key, id: entry.id)
        }
    }

    /// One entry, or an error naming the lockfile with a suggestion.
    public func entry(_ key: String) throws -> LockEntry {
        let lockfile = try store.load()
        guard let entry = lockfile.entries[key] else { throw notManaged(key, in: lockfile) }
        return entry
    }

    private func notManaged(_ key: String, in lockfile: Lockfile) -> StateError {
        .notManaged(key, lockfile: store.path, suggestion: Suggestion.hint(for: key, in: lockfile.entries.keys))
    }
}
