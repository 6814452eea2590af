import Foundation
import RespanCore
import TestSupport
import Testing

@testable import Planning

@Suite struct LockfileTests {
    @Test func encodingIsDeterministicAndRoundTrips() throws {
        var lockfile = Lockfile()
        lockfile.entries["b"] = LockEntry(id: "exp_2", state: .created, applied: ["name": "b", "concurrency": 2])
        lockfile.entries["a"] = LockEntry(id: "exp_1", state: .pendingCreate, applied: ["name": "a"])
        let text = lockfile.encoded()
        #expect(text.hasSuffix("}\n"))
        #expect(text.range(of: "\"a\"")!.lowerBound < text.range(of: "\"b\"")!.lowerBound)
        #expect(try Lockfile.decode(text, path: "x.lock") == lockfile)
        #expect(try Lockfile.decode(text, path: "x.lock").encoded() == text)
        #expect(lockfile.entries["a"]?.specDigest == SpecDigest.of(["name": "a"]))
    }

    @Test func aDigestIgnoresKeyOrderAndNumberSpelling() throws {
        let a = try JSONValue(parsing: #"{"t": 0.50, "m": "x"}"#), b = try JSONValue(parsing: #"{"m": "x", "t": 5e-1}"#)
        #expect(SpecDigest.of(a) == SpecDigest.of(b))
        #expect(SpecDigest.of(a).hasPrefix("sha256:"))
    }

    @Test func corruptAndNewerLockfilesNameTheFileAndTheFix() {
        #expect(throws: LockfileError.self) { try Lockfile.decode("{nope", path: "e.lock") }
        do {
            _ = try Lockfile.decode(#"{"format_version": 9, "experiments": {}}"#, path: "e.lock")
        } catch {
            #expect(error == .newerVersion("e.lock", 9))
            #expect("\(error)".contains("upgrade respan-plan"))
        }
        do {
            _ = try Lockfile.decode("[]", path: "e.lock")
        } catch {
            #expect("\(error)".contains("'e.lock' is corrupt"))
        }
    }

    @Test func theDefaultPathSitsBesideTheManifest() {
        #expect(LockfileStore.defaultPath(forManifest: "experiments.yaml") == "experiments.lock")
        #expect(LockfileStore.defaultPath(forManifest: "a/b/suite.yml") == "a/b/suite.lock")
    }

    @Test func keyPatternsTreatBracketsLiterally() {
        #expect(KeyPattern("sweep[model=gpt-4o,temperature=0.7]").matches("sweep[model=gpt-4o,temperature=0.7]"))
        #expect(KeyPattern("sweep[*").matches("sweep[model=a]"))
        #expect(KeyPattern("*mini*").matches("sweep[model=gpt-4o-mini]"))
        #expect(!KeyPattern("sweep").matches("sweep[model=a]"))
        #expect(KeyPattern("e?").matches("e1"))
    }

    @Test func aSecondHolderOfTheLockIsRefusedAtOnce() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("experiments.lock.flock")
        let first = FileLock(path: path)
        try await first.acquire(timeout: .zero)
        let second = FileLock(path: path)
        await #expect(throws: FileLockError.self) { try await second.acquire(timeout: .zero) }
        first.release()
        try await second.acquire(timeout: .zero)
        second.release()
    }
}

@Suite struct PlanMarkdownViewTests {
    @Test func longPlansAreCutWithANote() {
        let changes = (0..<2000).map { index in
            PlannedChange(
                key: "experiment-\(index)", action: .create, remoteID: nil, newID: "exp_\(index)", body: nil,
                applied: nil,
                fields: [
                    FieldChange(
                        field: "name", before: nil, after: .string(String(repeating: "x", count: 80)),
                        forcesReplacement: false)
                ],
                drift: [], reason: nil, recreate: false, location: nil)
        }
        let plan = Plan(changes: changes, orphaned: [], moves: [], refreshRequests: 0)
        let text = PlanMarkdownView().render(plan)
        #expect(text.count <= 60_000)
        #expect(text.contains("longer than this comment allows"))
    }
}
