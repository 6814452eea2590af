import Foundation
import RespanCore

/// The lockfile during an apply (experiments, datasets and evaluators alike): every change is
/// appended to `PATH.journal` as one JSON line as soon as the remote mutation it records
/// succeeded (or, for a create, before it is sent), so an interrupted apply loses nothing;
/// `LockfileStore.load` replays a journal left behind. The whole lockfile is rewritten once
/// the journal holds a quarter of its entries (at least 64): the bytes written stay linear in
/// the number of changes, where a rewrite per change made a 5,000-key apply quadratic.
package actor LockfileJournal {
    package private(set) var lockfile: Lockfile
    private let store: LockfileStore
    private var appended = 0

    package init(lockfile: Lockfile, store: LockfileStore) {
        self.lockfile = lockfile
        self.store = store
    }

    package func set(_ key: String, _ entry: LockEntry?) throws(LockfileError) {
        lockfile.entries[key] = entry
        try append(.experiment(key, entry))
    }

    package func setDataset(_ name: String, _ entry: DatasetLock?) throws(LockfileError) {
        lockfile.datasets[name] = entry
        try append(.dataset(name, entry))
    }

    package func setEvaluator(_ name: String, _ entry: EvaluatorLock?) throws(LockfileError) {
        lockfile.evaluators[name] = entry
        try append(.evaluator(name, entry))
    }

    package func setPrompt(_ name: String, _ entry: PromptLock?) throws(LockfileError) {
        lockfile.prompts[name] = entry
        try append(.prompt(name, entry))
    }

    /// Records that the remote generated its own id for a create with a chosen one.
    package func noteRemoteIgnoresClientIDs() throws(LockfileError) {
        guard !lockfile.remoteIgnoresClientIDs else { return }
        lockfile.remoteIgnoresClientIDs = true
        try append(.remoteIgnoresClientIDs)
    }

    /// Writes the whole lockfile and removes the journal: at the start and end of an apply.
    package func save() throws(LockfileError) {
        try store.save(lockfile)
        appended = 0
    }

    private func append(_ record: JournalRecord) throws(LockfileError) {
        try store.appendToJournal(record.line)
        appended += 1
        if appended >= max(64, lockfile.entries.count / 4) { try save() }
    }
}
