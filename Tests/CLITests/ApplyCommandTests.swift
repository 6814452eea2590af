import Applying
import Foundation
import Lockfiles
import Planning
import RespanCore
import TestSupport
import Testing
import Views

/// plan and apply through the built binary with the embedded sandbox, as the README runs them.
@Suite struct ApplyCommandTests {
    /// A copy of the quickstart in a temporary folder (its lockfile and sandbox state stay there).
    static func quickstart() throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        let text = try String(
            contentsOf: Paths.examples.appendingPathComponent("quickstart/experiments.yaml"), encoding: .utf8)
        try directory.write("experiments.yaml", text)
        return directory
    }

    @Test func applyThenApplyAgainChangesNothing() async throws {
        let directory = try Self.quickstart()
        defer { directory.remove() }
        let first = try await CLI.run(["apply", "--sandbox", "--auto-approve"], in: directory.url)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("+ mini-quality"))
        #expect(first.stdout.contains("Apply complete: 2 created, 0 updated, 0 replaced, 0 deleted."))
        let lock = try String(contentsOfFile: directory.path("experiments.lock"), encoding: .utf8)
        #expect(!lock.contains("sk_"))
        let second = try await CLI.run(["apply", "--sandbox", "--auto-approve"], in: directory.url)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(
            second.stdout
                == "Endpoint: the embedded sandbox · the default state (experiments.lock)\n\n"
                + "No changes. The experiments on Respan match the manifest.\n")
        #expect(try String(contentsOfFile: directory.path("experiments.lock"), encoding: .utf8) == lock)
    }

    /// `--replace KEY` starts a new run: a new experiment under the next generation's id, the
    /// old one kept as history (design §3).
    @Test func replaceMakesANewExperimentUnderTheNextGeneration() async throws {
        let directory = try Self.quickstart()
        defer { directory.remove() }
        #expect(try await CLI.run(["apply", "--sandbox", "--auto-approve"], in: directory.url).status == 0)
        let before = try LockfileStore(path: directory.path("experiments.lock")).load().entries["mini-quality"]
        let replaced = try await CLI.run(
            ["apply", "--sandbox", "--auto-approve", "--replace", "mini-quality"], in: directory.url)
        #expect(replaced.status == 0, "\(replaced.stderr)")
        #expect(
            replaced.stdout.contains(
                "mini-quality will be created anew; the old run is kept as history (forced by --replace)"))
        let after = try LockfileStore(path: directory.path("experiments.lock")).load().entries["mini-quality"]
        #expect(after?.generation == 1)
        #expect(after?.id != before?.id)
        let status = try await CLI.run(["plan", "--sandbox", "--detailed-exitcode"], in: directory.url)
        #expect(status.status == 0, "\(status.stdout)")
    }

    /// The embedded sandbox's state never ends up in a commit: `.respan/` ignores itself.
    @Test func theSandboxStateFolderIgnoresItself() async throws {
        let directory = try Self.quickstart()
        defer { directory.remove() }
        #expect(try await CLI.run(["apply", "--sandbox", "--auto-approve"], in: directory.url).status == 0)
        let ignore = try String(contentsOfFile: directory.path(".respan/.gitignore"), encoding: .utf8)
        #expect(ignore.split(separator: "\n").contains("*"))
    }

    @Test func planDetailedExitCodes() async throws {
        let directory = try Self.quickstart()
        defer { directory.remove() }
        let pending = try await CLI.run(["plan", "--sandbox", "--detailed-exitcode"], in: directory.url)
        #expect(pending.status == 2, "\(pending.stderr)")
        #expect(pending.stdout.contains("Plan: 2 to create, 0 to update, 0 to replace, 0 to delete."))
        _ = try await CLI.run(["apply", "--sandbox", "--auto-approve"], in: directory.url)
        let clean = try await CLI.run(
            ["plan", "--sandbox", "--detailed-exitcode", "--format", "json"], in: directory.url)
        #expect(clean.status == 0, "\(clean.stderr)")
        let document = try JSONValue(parsing: clean.stdout)
        #expect(document["format_version"] == 1)
        #expect(document["has_changes"] == false)
        #expect(document["refresh_requests"] == 1)
    }

    @Test func applyWithoutATerminalNeedsAutoApprove() async throws {
        let directory = try Self.quickstart()
        defer { directory.remove() }
        let result = try await CLI.run(["apply", "--sandbox"], in: directory.url)
        #expect(result.status == 1)
        #expect(result.stderr.contains("pass --auto-approve"))
        #expect(!FileManager.default.fileExists(atPath: directory.path("experiments.lock")))
    }

    @Test func aSecondApplyIsRefusedWhileOneHoldsTheLock() async throws {
        let directory = try Self.quickstart()
        defer { directory.remove() }
        let lock = FileLock(path: directory.path("experiments.lock.flock"))
        try await lock.acquire(timeout: .zero)
        let result = try await CLI.run(["apply", "--sandbox", "--auto-approve"], in: directory.url)
        lock.release()
        #expect(result.status == 1)
        #expect(result.stderr.contains("another apply holds the lock"))
    }

    @Test func destroyDeletesWhatTheLockfileManages() async throws {
        let directory = try Self.quickstart()
        defer { directory.remove() }
        _ = try await CLI.run(["apply", "--sandbox", "--auto-approve"], in: directory.url)
        let result = try await CLI.run(["destroy", "--sandbox", "--auto-approve"], in: directory.url)
        #expect(result.status == 0, "\(result.stderr)")
        // Destroy only deletes: its summary counts nothing else ("0 created" said nothing).
        #expect(result.stdout.contains("Destroy complete: 2 deleted."), "\(result.stdout)")
        #expect(!result.stdout.contains("created"))
        let lock = try String(contentsOfFile: directory.path("experiments.lock"), encoding: .utf8)
        #expect(try JSONValue(parsing: lock)["experiments"] == [:])
    }

    @Test func realEndpointsNeedAKey() async throws {
        let directory = try Self.quickstart()
        defer { directory.remove() }
        let result = try await CLI.run(["plan"], in: directory.url, environment: ["RESPAN_API_KEY": ""])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("error: no API key"))
    }

    @Test func importAdoptsAnExistingExperiment() async throws {
        let directory = try Self.quickstart()
        defer { directory.remove() }
        _ = try await CLI.run(["apply", "--sandbox", "--auto-approve"], in: directory.url)
        let listed = try await CLI.run(["state", "list"], in: directory.url).stdout
        let id = try #require(
            listed.split(separator: "\n").first?.split(separator: "\t").dropFirst().first.map(String.init))
        _ = try await CLI.run(["state", "rm", "mini-quality"], in: directory.url)
        let imported = try await CLI.run(["import", "mini-quality", id, "--sandbox"], in: directory.url)
        #expect(imported.status == 0, "\(imported.stderr)")
        let plan = try await CLI.run(["plan", "--sandbox", "--detailed-exitcode"], in: directory.url)
        #expect(plan.status == 0, "\(plan.stdout)")
        let missing = try await CLI.run(["import", "passthrough-baseline", "exp_nope", "--sandbox"], in: directory.url)
        #expect(missing.status == 1)
    }

    @Test func markdownPlansForPullRequests() async throws {
        let directory = try Self.quickstart()
        defer { directory.remove() }
        let result = try await CLI.run(["plan", "--sandbox", "--format", "markdown"], in: directory.url)
        #expect(result.status == 0)
        #expect(result.stdout.contains("| + create | `mini-quality` |"))
        #expect(result.stdout.contains("<details>"))
    }

    @Test func aSavedPlanIsAppliedExactly() async throws {
        let directory = try Self.quickstart()
        defer { directory.remove() }
        let plan = try await CLI.run(["plan", "--sandbox", "--out", "plan.json"], in: directory.url)
        #expect(plan.status == 0, "\(plan.stderr)")
        #expect(plan.stdout.contains("apply it with: respan-plan apply plan.json"))
        let applied = try await CLI.run(["apply", "plan.json", "--sandbox", "--auto-approve"], in: directory.url)
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect(applied.stdout.contains("Apply complete: 2 created"))
        #expect(try await CLI.run(["plan", "--sandbox", "--detailed-exitcode"], in: directory.url).status == 0)
        // The lockfile moved on since plan.json was made: applying it again is refused.
        let again = try await CLI.run(["apply", "plan.json", "--sandbox", "--auto-approve"], in: directory.url)
        #expect(again.status == 1)
        #expect(again.stderr.contains("is stale: the lockfile"))
    }

    @Test func aSavedPlanIsRefusedOnceTheManifestChanged() async throws {
        let directory = try Self.quickstart()
        defer { directory.remove() }
        _ = try await CLI.run(["plan", "--sandbox", "--out", "plan.json"], in: directory.url)
        let text = try String(contentsOfFile: directory.path("experiments.yaml"), encoding: .utf8)
        try directory.write(
            "experiments.yaml", text.replacingOccurrences(of: "concurrency: 15", with: "concurrency: 10"))
        let result = try await CLI.run(["apply", "plan.json", "--sandbox", "--auto-approve"], in: directory.url)
        #expect(result.status == 1)
        #expect(result.stderr.contains("the manifest file 'experiments.yaml' changed"))
        #expect(!FileManager.default.fileExists(atPath: directory.path("experiments.lock")))
    }

    @Test func aMissingDatasetStopsTheApplyBeforeAnyChange() async throws {
        let directory = try Self.quickstart()
        defer { directory.remove() }
        let text = try String(contentsOfFile: directory.path("experiments.yaml"), encoding: .utf8)
        try directory.write("experiments.yaml", text.replacingOccurrences(of: "ds_support_qa_2024", with: "ds_typo"))
        let result = try await CLI.run(["apply", "--sandbox", "--auto-approve"], in: directory.url)
        #expect(result.status == 1)
        #expect(
            result.stderr.contains(
                "experiments.yaml:25:3: error: mini-quality: dataset 'ds_typo' does not exist on Respan"))
        #expect(result.stderr.contains("Nothing was changed."))
    }
}
