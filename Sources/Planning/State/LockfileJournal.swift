import RespanCore

/// The lockfile during an apply: every change is written to disk (atomically) as soon as
/// the remote mutation it records succeeded, so an interrupted apply loses nothing it did.
actor LockfileJournal {
    private(set) var lockfile: Lockfile
    private let store: LockfileStore

    init(lockfile: Lockfile, store: LockfileStore) {
        self.lockfile = lockfile
        self.store = store
    }

    func set(_ key: String, _ entry: LockEntry?) throws(LockfileError) {
        lockfile.entries[key] = entry
        try store.save(lockfile)
    }

    /// Records that the remote generated its own id for a create with a chosen one.
    func noteRemoteIgnoresClientIDs() throws(LockfileError) {
        guard !lockfile.remoteIgnoresClientIDs else { return }
        lockfile.remoteIgnoresClientIDs = true
        try store.save(lockfile)
    }

    func save() throws(LockfileError) {
        try store.save(lockfile)
    }
}
