import Foundation
import RespanCore
import TestSupport
import Testing

/// Where a plan goes (`PlanDestination`) in the apply summary and in saved plans, through the
/// built binary; the plan header is in `PlanCommandTests`, the question in `TerminalApprovalTests`.
@Suite struct PlanDestinationCLITests {
    static func quickstart() throws -> TemporaryDirectory { try ApplyCommandTests.quickstart() }

    /// The apply summary names where the changes went; a plan saved against the sandbox is
    /// refused, before any request, by an apply against Respan (and the other way round).
    @Test func theSummaryNamesTheEndpointAndASavedPlanKeepsIt() async throws {
        let directory = try Self.quickstart()
        defer { directory.remove() }
        let saved = try await CLI.run(["plan", "--sandbox", "--out", "plan.json"], in: directory.url)
        #expect(saved.status == 0, "\(saved.stderr)")
        let env = ["RESPAN_API_KEY": "k", "RESPAN_BASE_URL": "http://127.0.0.1:9"]
        let elsewhere = try await CLI.run(
            ["apply", "--auto-approve", "plan.json"], in: directory.url, environment: env)
        #expect(elsewhere.status == 1)
        #expect(
            elsewhere.stderr.contains(
                "error: the saved plan 'plan.json' cannot be applied here: it was made against the embedded sandbox; "
                    + "apply it with --sandbox"), "\(elsewhere.stderr)")
        #expect(!elsewhere.stderr.contains("127.0.0.1:9"))
        let applied = try await CLI.run(["apply", "--sandbox", "--auto-approve", "plan.json"], in: directory.url)
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect(
            applied.stdout.contains(
                "Apply complete: 2 created, 0 updated, 0 replaced, 0 deleted.\n"
                    + "Endpoint: the embedded sandbox · the default state (experiments.lock)\n"), "\(applied.stdout)")

        let remote = try await CLI.run(
            ["plan", "--out", "remote.json", "--refresh=false"], in: directory.url, environment: env)
        #expect(remote.status == 0, "\(remote.stderr)")
        let local = try await CLI.run(["apply", "--sandbox", "--auto-approve", "remote.json"], in: directory.url)
        #expect(local.status == 1)
        #expect(
            local.stderr.contains("it was made against http://127.0.0.1:9, not the embedded sandbox"), "\(local.stderr)"
        )
    }
}
