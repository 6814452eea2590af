import Foundation
import RespanCore
import TestSupport
import Testing

/// `apply --timeout`: it stops scheduling when the time runs out, as Ctrl-C does; the changes
/// under way finish and are recorded, the rest are reported as not started, and a second apply
/// carries them out.
@Suite struct ApplyTimeoutTests {
    static func manifest(_ count: Int) -> String {
        var text = """
            version: 1
            datasets: { qa: { id: ds_support_qa_2024 } }
            evaluators: { quality: { id: eval_quality } }
            experiments:

            """
        for index in 0..<count {
            text +=
                "  e\(index): { dataset: qa, evaluators: [quality], workflow: [{ type: completion, config: { model: m\(index) } }] }\n"
        }
        return text
    }

    @Test func theTimeoutStopsSchedulingAndRecordsWhatFinished() async throws {
        try await withStarted({ try await SandboxHarness.start { $0.latency = .milliseconds(400) } }) { sandbox in
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            try directory.write("experiments.yaml", Self.manifest(40))
            let env = ["RESPAN_BASE_URL": sandbox.url, "RESPAN_API_KEY": sandbox.token]
            let arguments = ["apply", "--auto-approve", "--parallelism", "1", "--rate-limit", "6000/min"]
            let first = try await CLI.run(arguments + ["--timeout", "2s"], in: directory.url, environment: env)
            #expect(first.status == 1, "\(first.stdout)\(first.stderr)")
            #expect(first.stderr.contains("Timed out after 2 s (--timeout)"), "\(first.stderr)")
            #expect(first.stderr.contains("not started"), "\(first.stderr)")
            #expect(!first.stdout.contains("failed"), "\(first.stdout)")
            // Under load the time may run out while planning: then nothing started and no lockfile is written.
            let text = (try? String(contentsOfFile: directory.path("experiments.lock"), encoding: .utf8)) ?? "{}"
            let recorded = try JSONValue(parsing: text)["experiments"]?.objectValue ?? [:]
            #expect(recorded.count < 40, "\(recorded.count) recorded")
            #expect(recorded.values.allSatisfy { $0["state"] == "created" })
            let made = try await sandbox.raw("GET", "/api/v2/experiments/?page_size=100").json?.arrayValue?.count
            #expect(made == recorded.count)

            let second = try await CLI.run(arguments, in: directory.url, environment: env)
            #expect(second.status == 0, "\(second.stdout)\(second.stderr)")
            #expect(try await sandbox.raw("GET", "/api/v2/experiments/?page_size=100").json?.arrayValue?.count == 40)
        }
    }
}
