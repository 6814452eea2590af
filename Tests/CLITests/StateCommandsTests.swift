import Foundation
import RespanCore
import TestSupport
import Testing

/// `state list|show|rm` through the built binary.
@Suite struct StateCommandsTests {
    static func quickstart() throws -> TemporaryDirectory { try ApplyCommandTests.quickstart() }

    @Test func stateListsShowsAndForgets() async throws {
        let directory = try Self.quickstart()
        defer { directory.remove() }
        _ = try await CLI.run(["apply", "--sandbox", "--auto-approve"], in: directory.url)
        let list = try await CLI.run(["state", "list"], in: directory.url)
        #expect(list.status == 0)
        #expect(
            list.stdout.split(separator: "\n").map { $0.split(separator: "\t").first.map(String.init) } == [
                "mini-quality", "passthrough-baseline",
            ])
        let show = try await CLI.run(["state", "show", "mini-quality"], in: directory.url)
        #expect(try JSONValue(parsing: show.stdout)["state"] == "created")
        let removed = try await CLI.run(["state", "rm", "mini-quality"], in: directory.url)
        #expect(removed.status == 0)
        #expect(removed.stdout.contains("is kept"))
        // The forgotten run still exists under its derived id: the next plan adopts it, no rerun.
        let plan = try await CLI.run(["plan", "--sandbox"], in: directory.url)
        #expect(plan.stdout.contains("= mini-quality"))
        #expect(plan.stdout.contains("1 to adopt"))
        #expect(try await CLI.run(["state", "show", "nope"], in: directory.url).status == 1)
    }

    /// `state list|show|rm` take the manifest as the positional FILE, like every other
    /// command (after KEY); `--file` still works, and two different manifests are refused.
    @Test func stateCommandsTakeTheManifestAsAPositionalFile() async throws {
        let directory = try Self.quickstart()
        defer { directory.remove() }
        try FileManager.default.createDirectory(atPath: directory.path("evals"), withIntermediateDirectories: true)
        try FileManager.default.moveItem(
            atPath: directory.path("experiments.yaml"), toPath: directory.path("evals/suite.yaml"))
        let apply = try await CLI.run(["apply", "evals/suite.yaml", "--sandbox", "--auto-approve"], in: directory.url)
        #expect(apply.status == 0, "\(apply.stderr)")
        let list = try await CLI.run(["state", "list", "evals/suite.yaml"], in: directory.url)
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.hasPrefix("mini-quality\t"), "\(list.stdout)")
        #expect(
            try await CLI.run(["state", "list", "--file", "evals/suite.yaml"], in: directory.url).stdout == list.stdout)
        let show = try await CLI.run(["state", "show", "mini-quality", "evals/suite.yaml"], in: directory.url)
        #expect(try JSONValue(parsing: show.stdout)["state"] == "created", "\(show.stderr)")
        let twice = try await CLI.run(["state", "list", "evals/suite.yaml", "--file", "other.yaml"], in: directory.url)
        #expect(twice.status == 1)
        #expect(twice.stderr.contains("the manifest is given twice"), "\(twice.stderr)")
        let removed = try await CLI.run(["state", "rm", "mini-quality", "evals/suite.yaml"], in: directory.url)
        #expect(removed.status == 0, "\(removed.stderr)")
        let after = try await CLI.run(["state", "list", "evals/suite.yaml"], in: directory.url)
        #expect(!after.stdout.contains("mini-quality"))
    }
}
