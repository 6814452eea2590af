import Lockfiles
import RespanCore
import Testing

/// The lockfile's optional `datasets` and `evaluators` sections: written only when
/// there is something to record, read back exactly, and read strictly.
@Suite struct ManagedLockfileTests {
    static func lockfile() -> Lockfile {
        var lockfile = Lockfile()
        lockfile.datasets["qa"] = DatasetLock(
            id: "ds_1", name: "p/qa@0123456789ab", digest: "sha256:ab", rows: 3, state: .complete, index: "AAAA",
            previous: ["ds_0"])
        lockfile.evaluators["tone"] = EvaluatorLock(id: "evl_1", slug: "p-tone", digest: "sha256:cd", version: 2)
        return lockfile
    }

    @Test func theSectionsRoundTrip() throws {
        let text = Self.lockfile().encoded()
        #expect(try Lockfile.decode(text, path: "x.lock") == Self.lockfile())
        #expect(Lockfile().encoded() == "{\n  \"experiments\": {},\n  \"format_version\": 4\n}\n")
    }

    /// What only format 5 readers know (a run's evaluator versions, prompts) makes the file
    /// format 5; without it the file stays format 4, which every earlier reader takes. A
    /// format 4 file holding evaluator versions is not one this or any reader wrote.
    @Test func evaluatorVersionsAndPromptsAreFormatFive() throws {
        var lockfile = Lockfile()
        var entry = LockEntry(id: "exp_1", state: .created, applied: ["workflow": []])
        entry.evaluatorVersions = ["eval_quality": "version 3"]
        lockfile.entries["answer"] = entry
        let text = lockfile.encoded()
        #expect(text.contains("\"format_version\": 5"))
        #expect(text.contains("\"evaluator_versions\": {\n        \"eval_quality\": \"version 3\""), "\(text)")
        #expect(try Lockfile.decode(text, path: "x.lock") == lockfile)
        #expect(throws: LockfileError.self) {
            try Lockfile.decode(
                text.replacingOccurrences(of: "\"format_version\": 5", with: "\"format_version\": 4"), path: "x.lock")
        }
        var prompts = Lockfile()
        prompts.prompts["support"] = PromptLock(id: "p1", digest: "sha256:ef", version: 2)
        #expect(prompts.encoded().contains("\"format_version\": 5"))
        #expect(try Lockfile.decode(prompts.encoded(), path: "x.lock") == prompts)
        #expect(throws: LockfileError.self) {
            try Lockfile.decode(
                prompts.encoded().replacingOccurrences(of: "\"format_version\": 5", with: "\"format_version\": 4"),
                path: "x.lock")
        }
    }

    @Test(arguments: [
        (#""rows": 3"#, #""rows": -1"#, "$.datasets[\"qa\"].rows"),
        (#""state": "complete""#, #""state": "done""#, "$.datasets[\"qa\"].state"),
        (#""slug": "p-tone""#, #""slug": "p-tone", "extra": 1"#, "$.evaluators[\"tone\"].extra"),
        (#""version": 2"#, #""version": "2""#, "$.evaluators[\"tone\"].version"),
    ])
    func aBadEntryIsAnErrorAtItsPath(_ original: String, _ replacement: String, _ path: String) throws {
        let text = Self.lockfile().encoded().replacingOccurrences(of: original, with: replacement)
        #expect {
            _ = try Lockfile.decode(text, path: "x.lock")
        } throws: { error in
            "\(error)".contains("corrupt at \(path)")
        }
    }
}
