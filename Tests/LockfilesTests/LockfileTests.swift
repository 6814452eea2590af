import Foundation
import RespanCore
import TestSupport
import Testing

@testable import Lockfiles

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

    @Test func corruptAndNewerLockfilesNameTheFileAndTheFix() {
        #expect(throws: LockfileError.self) { try Lockfile.decode("{nope", path: "e.lock") }
        #expect(throws: LockfileError.newerVersion("e.lock", 9)) {
            try Lockfile.decode(#"{"format_version": 9, "experiments": {}}"#, path: "e.lock")
        }
        #expect("\(LockfileError.newerVersion("e.lock", 9))".contains("upgrade respan-plan"))
        #expect(throws: LockfileError.corrupt("e.lock", at: "$", "not a JSON object")) {
            try Lockfile.decode("[]", path: "e.lock")
        }
    }

    /// An entry that does not decode is an error at its JSON path, never silently dropped.
    @Test(arguments: [
        (#"{"id": 5, "state": "created", "spec_digest": "x", "applied": {}}"#, #"$.experiments["k"].id"#),
        (#"{"id": "e", "state": "made", "spec_digest": "x", "applied": {}}"#, #"$.experiments["k"].state"#),
        (#"{"id": "e", "state": "created", "spec_digest": "x"}"#, #"$.experiments["k"].applied"#),
        (#"{"id": "e", "state": "created", "applied": {}}"#, #"$.experiments["k"].spec_digest"#),
        (
            #"{"id": "e", "state": "created", "spec_digest": "x", "applied": {}, "extra": 1}"#,
            #"$.experiments["k"].extra"#
        ),
        (
            #"{"id": "e", "state": "created", "spec_digest": "x", "applied": {}, "protect": "yes"}"#,
            #"$.experiments["k"].protect"#
        ),
        (#"[]"#, #"$.experiments["k"]"#),
    ])
    func anEntryThatDoesNotDecodeIsAnErrorAtItsPath(_ entry: String, _ path: String) {
        let text = #"{"format_version": 2, "experiments": {"k": "# + entry + "}}"
        #expect {
            try Lockfile.decode(text, path: "e.lock")
        } throws: { error in
            guard case .corrupt(let file, let at, _) = error as? LockfileError else { return false }
            return file == "e.lock" && at == path
        }
    }

    /// `spec_digest` is verified on read: a hand-edited `applied` body is caught, with the fix.
    @Test func aDigestThatDoesNotMatchTheAppliedBodyIsAnError() throws {
        var lockfile = Lockfile()
        lockfile.entries["k"] = LockEntry(id: "exp_1", state: .created, applied: ["name": "a"])
        let edited = lockfile.encoded().replacingOccurrences(of: #""name": "a""#, with: #""name": "b""#)
        #expect(throws: LockfileError.digestMismatch("e.lock", key: "k")) {
            try Lockfile.decode(edited, path: "e.lock")
        }
        #expect("\(LockfileError.digestMismatch("e.lock", key: "k"))".contains("state rm k"))
    }

    /// Protection is recorded, so removing an experiment from the manifest does not remove it.
    @Test func protectionIsRecordedAndRoundTrips() throws {
        var lockfile = Lockfile()
        lockfile.entries["k"] = LockEntry(id: "exp_1", state: .created, applied: ["name": "a"], protect: true)
        lockfile.entries["l"] = LockEntry(id: "exp_2", state: .created, applied: ["name": "b"])
        let text = lockfile.encoded()
        #expect(text.components(separatedBy: "\"protect\"").count == 2)
        #expect(try Lockfile.decode(text, path: "x.lock") == lockfile)
    }

    @Test func theDefaultPathSitsBesideTheManifest() {
        #expect(LockfileStore.defaultPath(forManifest: "experiments.yaml") == "experiments.lock")
        #expect(LockfileStore.defaultPath(forManifest: "a/b/suite.yml") == "a/b/suite.lock")
    }

}
