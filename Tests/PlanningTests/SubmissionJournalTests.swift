import Applying
import Foundation
import TestSupport
import Testing

/// The local journal of submitted traces (design §14): what decides, with a trace's output,
/// that a row is never submitted twice after a crash.
@Suite struct SubmissionJournalTests {
    @Test func recordsAreKeptPerRunAndReadBackByANewJournal() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let journal = SubmissionJournal(besideManifestIn: directory.url.path)
        try await journal.record(trace: "trace_1", experimentID: "exp_a")
        try await journal.record(trace: "trace_2", experimentID: "exp_a")
        try await journal.record(trace: "trace_9", experimentID: "exp_b")
        let reopened = SubmissionJournal(besideManifestIn: directory.url.path)
        #expect(await reopened.submitted("exp_a") == ["trace_1", "trace_2"])
        #expect(await reopened.submitted("exp_b") == ["trace_9"])
        #expect(await reopened.submitted("exp_none").isEmpty)
        // The folder keeps itself out of git.
        let ignore = try String(contentsOfFile: directory.path(".respan/.gitignore"), encoding: .utf8)
        #expect(ignore.contains("*"))
    }

    /// A crash mid-write leaves a torn last line: it is skipped when read (that row was not
    /// acknowledged as recorded), and the next record starts on a line of its own.
    @Test func aTornLastLineIsSkippedAndTheNextRecordStartsAfreshLine() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        _ = try directory.write(".respan/submissions/exp_a.jsonl", "{\"trace\": \"trace_1\"}\n{\"trace\": \"tra")
        let journal = SubmissionJournal(besideManifestIn: directory.url.path)
        #expect(await journal.submitted("exp_a") == ["trace_1"])
        try await journal.record(trace: "trace_3", experimentID: "exp_a")
        #expect(
            await SubmissionJournal(besideManifestIn: directory.url.path).submitted("exp_a") == ["trace_1", "trace_3"])
    }

    /// An id is a file name: a `/` in it cannot reach another folder.
    @Test func anIdWithASlashStaysInTheJournalsFolder() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let journal = SubmissionJournal(besideManifestIn: directory.url.path)
        try await journal.record(trace: "trace_1", experimentID: "../exp")
        #expect(FileManager.default.fileExists(atPath: directory.path(".respan/submissions/.._exp.jsonl")))
        #expect(await journal.submitted("../exp") == ["trace_1"])
    }
}
