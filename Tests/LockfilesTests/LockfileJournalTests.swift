import Foundation
import RespanCore
import TestSupport
import Testing

@testable import Lockfiles

/// The apply journal: appended per change, replayed on read, compacted in batches.
@Suite struct LockfileJournalTests {
    static func entry(_ index: Int) -> LockEntry {
        LockEntry(id: "exp_\(index)", state: .created, applied: ["name": .string("k\(index)")])
    }

    @Test func aJournalLeftByAKilledApplyIsReplayedOnRead() async throws {
        let directory = try TemporaryDirectory()
        let store = LockfileStore(path: directory.path("experiments.lock"))
        let journal = LockfileJournal(lockfile: Lockfile(), store: store)
        try await journal.save()
        for index in 0..<3 { try await journal.set("k\(index)", Self.entry(index)) }
        try await journal.setDataset(
            "qa",
            DatasetLock(id: "ds_1", name: "qa", digest: "sha256:1", rows: 2, state: .complete, index: nil, previous: [])
        )
        // No final save: as if the process was killed here.
        #expect(
            try Lockfile.decode(String(contentsOfFile: store.path, encoding: .utf8), path: store.path).entries.isEmpty)
        let replayed = try store.load()
        #expect(replayed.entries.keys.sorted() == ["k0", "k1", "k2"])
        #expect(replayed.datasets["qa"]?.id == "ds_1")
        try store.save(replayed)
        #expect(!FileManager.default.fileExists(atPath: store.journalPath))
        #expect(try store.load() == replayed)
    }

    @Test func aLineCutByAKillIsDroppedAndAnyOtherBadLineIsNamed() throws {
        let directory = try TemporaryDirectory()
        let store = LockfileStore(path: directory.path("experiments.lock"))
        let good = JournalRecord.experiment("a", Self.entry(1)).line
        try (good + #"{"experiment": "b", "en"#).write(toFile: store.journalPath, atomically: true, encoding: .utf8)
        #expect(try store.load().entries.keys.sorted() == ["a"])
        try ("nope\n" + good).write(toFile: store.journalPath, atomically: true, encoding: .utf8)
        #expect(throws: LockfileError.corrupt(store.journalPath, at: "line 1", "not a JSON object")) {
            try store.load()
        }
    }

    @Test func aRemovedEntryStaysRemovedAfterReplay() async throws {
        let directory = try TemporaryDirectory()
        let store = LockfileStore(path: directory.path("experiments.lock"))
        let journal = LockfileJournal(lockfile: Lockfile(entries: ["a": Self.entry(1)]), store: store)
        try await journal.save()
        try await journal.set("a", nil)
        #expect(try store.load().entries.isEmpty)
    }

    /// The whole file is rewritten once the journal holds a quarter of the entries (at least
    /// 64), so the bytes written grow linearly with the keys, not quadratically.
    @Test func theLockfileIsRewrittenInBatchesNotPerChange() async throws {
        let directory = try TemporaryDirectory()
        let store = LockfileStore(path: directory.path("experiments.lock"))
        let journal = LockfileJournal(lockfile: Lockfile(), store: store)
        try await journal.save()
        for index in 0..<63 { try await journal.set("k\(index)", Self.entry(index)) }
        #expect(try String(contentsOfFile: store.journalPath, encoding: .utf8).split(separator: "\n").count == 63)
        try await journal.set("k63", Self.entry(63))
        #expect(!FileManager.default.fileExists(atPath: store.journalPath))
        #expect(try store.load().entries.count == 64)
    }
}
