import Applying
import Foundation
import Lockfiles
import Planning
import RespanCore
import TestSupport
import Testing
import Views

/// `--workspace` through the built binary.
@Suite struct WorkspaceCommandTests {
    static func applied() async throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        try directory.write("experiments.yaml", PlanCommandTests.sweep)
        let result = try await CLI.run(["apply", "--sandbox", "--auto-approve"], in: directory.url)
        #expect(result.status == 0, "\(result.stderr)")
        return directory
    }

    @Test func aWorkspaceHasItsOwnLockfileAndStartsFromTheDefaultOne() async throws {
        let directory = try await Self.applied()
        defer { directory.remove() }
        let plan = try await CLI.run(
            ["plan", "--sandbox", "--workspace", "pr-7", "--detailed-exitcode"], in: directory.url)
        #expect(plan.status == 0, "\(plan.stdout)\(plan.stderr)")
        #expect(plan.stdout.contains("No changes."))
        try directory.write(
            "experiments.yaml",
            PlanCommandTests.sweep.replacingOccurrences(of: "model: gpt-4o }", with: "model: o3-mini }"))
        let apply = try await CLI.run(
            ["apply", "--sandbox", "--auto-approve"], in: directory.url, environment: ["RESPAN_PLAN_WORKSPACE": "pr-7"])
        #expect(apply.status == 0, "\(apply.stderr)")
        #expect(apply.stdout.contains("created anew; the old run is kept"))
        #expect(FileManager.default.fileExists(atPath: directory.path("experiments.pr-7.lock")))
        let list = try await CLI.run(["state", "list", "--workspace", "pr-7"], in: directory.url)
        #expect(list.stdout.split(separator: "\n").count == 3)
        let merged = try await CLI.run(["apply", "--sandbox", "--auto-approve"], in: directory.url)
        #expect(merged.stdout.contains("= single"))
        #expect(merged.stdout.contains("0 created, 0 updated, 0 replaced, 0 deleted"))
    }

    @Test(arguments: ["../x", ".hidden", "a/b", String(repeating: "w", count: 65), "-x"])
    func anUnsafeWorkspaceNameIsAUsageError(_ name: String) async throws {
        let result = try await CLI.run(
            ["plan", "--sandbox", "--workspace=\(name)"], in: FileManager.default.temporaryDirectory)
        #expect(result.status == 1)
        #expect(result.stderr.contains("not a safe file-name fragment"))
    }

    @Test(arguments: ["status", "results"])
    func anUnknownWorkspaceIsAnError(_ command: String) async throws {
        let directory = try await Self.applied()
        defer { directory.remove() }
        let result = try await CLI.run([command, "--sandbox", "--workspace", "pr-8"], in: directory.url)
        #expect(result.status == 1)
        #expect(result.stderr.contains("there is no workspace 'pr-8' here"))
    }

    @Test func pruneHistoryOfAProtectedRunNeedsAllowDestroy() async throws {
        let directory = try await Self.applied()
        defer { directory.remove() }
        try directory.write(
            "experiments.yaml",
            PlanCommandTests.sweep.replacingOccurrences(of: "model: gpt-4o }", with: "model: o3-mini }")
                .replacingOccurrences(
                    of: "    protect: true", with: "    protect: true\n    replace_strategy: recreate"))
        let refused = try await CLI.run(["apply", "--sandbox", "--auto-approve", "--prune-history"], in: directory.url)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("--prune-history would delete 'single''s earlier run"))
        let allowed = try await CLI.run(
            ["apply", "--sandbox", "--auto-approve", "--prune-history", "--allow-destroy"], in: directory.url)
        #expect(allowed.status == 0, "\(allowed.stderr)")
    }
}
