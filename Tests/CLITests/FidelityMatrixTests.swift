import Applying
import Foundation
import Lockfiles
import Planning
import RespanCore
import Sandbox
import TestSupport
import Testing
import Views

/// The main flows through the built binary under every docs-silent behaviour of respan-api.md
/// §9 (design §12): the client must stay correct whichever way the real Respan answers.
///
/// Every CLI call is made off the cooperative pool (`CLI.runOffPool`): the sandboxes run in
/// this process, and a blocked pool thread waiting on a child would starve them. Runs take
/// 0.2 s (`runSeconds`), enough for `--wait` to see them running.
@Suite struct FidelityMatrixTests {
    /// One sandbox switch each, named as `respan-plan sandbox --help` names it.
    static let switches: [(name: String, set: @Sendable (inout RemoteBehaviour) -> Void)] = [
        ("defaults", { _ in }),
        ("--duplicate-id 400", { $0.duplicateID = .badRequest }),
        ("--duplicate-id 500", { $0.duplicateID = .serverError }),
        ("--ignore-client-ids", { $0.ignoresClientIDs = true }),
        ("--unknown-fields ignore", { $0.unknownFields = .ignore }),
        ("--normalise-echo", { $0.normalisesEcho = true }),
        ("--terminal-status succeeded", { $0.terminalStatus = "succeeded" }),
        ("--pending-trace-status pending_custom_submission", { $0.pendingTraceStatus = "pending_custom_submission" }),
        ("--trace-page-limit 2", { $0.tracePageLimit = 2 }),
        ("--ingestion-lag 1", { $0.ingestionLagSeconds = 1 }),
        ("--ignore-id-filter", { $0.ignoresIDFilter = true }),
        ("--put-reruns", { $0.putReruns = true }),
    ]

    static let manifest = """
        version: 1
        project: fidelity
        datasets:
          seeded: { id: ds_support_qa_2024 }
        ROWS
        evaluators:
          quality: { id: eval_quality }
        experiments:
          answer:
            dataset: seeded
            evaluators: [quality]
            workflow: [{ type: completion, config: { model: MODEL, temperature: 0.2 } }]
            gates: { quality: { max_regression: 1 } }
        """

    /// A managed dataset and an experiment on it, added after the race: the run's id comes from
    /// the rows' digest, but two work trees uploading one file at once each make a dataset of
    /// their own, so the two bodies differ in `dataset_id` and the second create is refused.
    static let managed = """

          managed:
            dataset: rows
            evaluators: [quality]
            workflow: [{ type: completion, config: { model: gpt-4o-mini } }]
        """

    static func write(_ directory: TemporaryDirectory, model: String = "gpt-4o-mini", managed: Bool = true) throws {
        let text =
            manifest.replacingOccurrences(of: "MODEL", with: model)
            .replacingOccurrences(of: "ROWS", with: managed ? "  rows: { file: data/rows.jsonl }" : "")
            + (managed ? Self.managed : "")
        try directory.write("experiments.yaml", text)
        let rows = (1...4).map { #"{"input": "question \#($0)", "expected_output": "answer \#($0)"}"# }
        try directory.write("data/rows.jsonl", rows.joined(separator: "\n"))
    }

    @Test(arguments: switches.indices)
    func mainFlowsHold(_ index: Int) async throws {
        let (name, set) = Self.switches[index]
        try await withStarted({
            try await SandboxHarness.start {
                $0.runSeconds = 0.2
                set(&$0.behaviour)
            }
        }) { sandbox in
            let env = ["RESPAN_BASE_URL": sandbox.url, "RESPAN_API_KEY": sandbox.token]
            let first = try TemporaryDirectory(), second = try TemporaryDirectory()
            defer {
                first.remove()
                second.remove()
            }
            try Self.write(first, managed: false)
            try Self.write(second, managed: false)
            let idsIgnored = name == "--ignore-client-ids"

            // Two work trees race on one spec: one run each spec, whatever the duplicate answer.
            async let racing = Self.run(["apply", "--auto-approve"], in: second, env)
            let applied = try await Self.run(["apply", "--auto-approve"], in: first, env)
            let raced = try await racing
            #expect(applied.status == 0, "\(name): \(applied.stdout)\(applied.stderr)")
            #expect(raced.status == 0, "\(name): \(raced.stdout)\(raced.stderr)")
            let made = try await Self.experimentCount(sandbox)
            if idsIgnored {
                #expect((1...2).contains(made), "\(name)")
                #expect((applied.stderr + raced.stderr).contains("ignored the chosen experiment_id"), "\(name)")
            } else {
                #expect(made == 1, "\(name): \(made) experiments")
            }

            // A managed dataset upload (with ingestion lag, bulk limits, …) and its experiment.
            try Self.write(first)
            let uploaded = try await Self.run(["apply", "--auto-approve"], in: first, env)
            #expect(uploaded.status == 0, "\(name): \(uploaded.stdout)\(uploaded.stderr)")
            #expect(try await Self.experimentCount(sandbox) == made + 1, "\(name)")

            // The next plan is empty.
            let plan = try await Self.run(["plan", "--detailed-exitcode"], in: first, env)
            #expect(plan.status == 0, "\(name): \(plan.stdout)\(plan.stderr)")

            if idsIgnored {
                // The plan says once what this remote does.
                let warnings = plan.stderr.components(separatedBy: "ignores client-chosen experiment ids").count - 1
                #expect(warnings == 1, "\(name): \(plan.stderr)")
            }

            // A lost lockfile heals without a rerun: by id, or by name and spec where ids are not kept.
            try FileManager.default.removeItem(atPath: first.path("experiments.lock"))
            let healed = try await Self.run(["apply", "--auto-approve"], in: first, env)
            #expect(healed.status == 0, "\(name): \(healed.stdout)\(healed.stderr)")
            #expect(try await Self.experimentCount(sandbox) == made + 1, "\(name): \(healed.stdout)")

            // apply --wait ends, then results against a baseline of the same runs.
            let waited = try await Self.run(["apply", "--auto-approve", "--wait", "--timeout", "60s"], in: first, env)
            #expect(waited.status == 0, "\(name): \(waited.stdout)\(waited.stderr)")
            try FileManager.default.copyItem(
                atPath: first.path("experiments.lock"), toPath: first.path("baseline.lock"))
            try Self.write(first, model: "gpt-4o")
            let changed = try await Self.run(["apply", "--auto-approve", "--wait", "--timeout", "60s"], in: first, env)
            #expect(changed.status == 0, "\(name): \(changed.stdout)\(changed.stderr)")
            let results = try await Self.run(
                ["results", "--baseline", "baseline.lock", "--format", "json"], in: first, env)
            #expect(results.status == 0, "\(name): \(results.stdout)\(results.stderr)")
            let document = try JSONValue(parsing: results.stdout)
            let answer = document["experiments"]?.arrayValue?.first { $0["key"] == "answer" }
            #expect(answer?["trace_count"]?.intValue ?? 0 > 0, "\(name): \(results.stdout)")
            let again = try await Self.run(["plan", "--detailed-exitcode"], in: first, env)
            #expect(again.status == 0, "\(name): \(again.stdout)\(again.stderr)")
        }
    }

    /// A remote that ignores chosen ids and loses answers after committing: every retry of a
    /// create first looks for the run by its name and spec, so one work tree never makes two.
    @Test(arguments: [3, 6, 9] as [UInt64])
    func lostAnswersOnARemoteThatIgnoresIdsMakeNoSecondRun(_ seed: UInt64) async throws {
        try await withStarted({
            try await SandboxHarness.start {
                $0.behaviour.ignoresClientIDs = true
                $0.dropAfterCommit = 0.4
                $0.seed = seed
            }
        }) { sandbox in
            let env = ["RESPAN_BASE_URL": sandbox.url, "RESPAN_API_KEY": sandbox.token]
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            let text = try String(
                contentsOf: Paths.examples.appendingPathComponent("model-sweep/experiments.yaml"), encoding: .utf8)
            try directory.write("experiments.yaml", text)
            let applied = try await Self.run(["apply", "--auto-approve"], in: directory, env)
            #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
            #expect(try await Self.experimentCount(sandbox) == 6)
            let plan = try await Self.run(["plan", "--detailed-exitcode"], in: directory, env)
            #expect(plan.status == 0, "\(plan.stdout)")
        }
    }

    /// The CLI against the in-process sandbox, without Respan's 60-a-minute pacing.
    static func run(
        _ arguments: [String], in directory: TemporaryDirectory, _ env: [String: String]
    ) async throws -> CLI.Result {
        try await CLI.run(arguments + ["--rate-limit", "6000/min"], in: directory.url, environment: env)
    }

    static func experimentCount(_ sandbox: SandboxHarness) async throws -> Int {
        try await sandbox.raw("GET", "/api/v2/experiments/?page_size=100").json?.arrayValue?.count ?? -1
    }

    /// A lockfile written before `tags` left the request bodies (format 2) upgrades offline:
    /// the plan says it was migrated, nothing is sent that starts a run, and the next apply
    /// writes the current format with the same ids.
    @Test func aFormat2LockfileUpgradesWithoutANewRun() async throws {
        try await withStarted({ try await SandboxHarness.start { $0.runSeconds = 0 } }) { sandbox in
            let env = ["RESPAN_BASE_URL": sandbox.url, "RESPAN_API_KEY": sandbox.token]
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            try Self.write(directory)
            let first = try await Self.run(["apply", "--auto-approve"], in: directory, env)
            #expect(first.status == 0)
            let current = try LockfileStore(path: directory.path("experiments.lock")).load()
            try directory.write("experiments.lock", Self.asFormat2(current))
            let made = try await Self.experimentCount(sandbox)

            let plan = try await Self.run(["plan", "--detailed-exitcode"], in: directory, env)
            #expect(plan.status == 0, "\(plan.stdout)\(plan.stderr)")
            #expect(
                plan.stdout.contains("migrated to format 4 on read: 2 entries' digests recomputed"), "\(plan.stdout)")
            let apply = try await Self.run(["apply", "--auto-approve"], in: directory, env)
            #expect(apply.status == 0, "\(apply.stdout)\(apply.stderr)")
            #expect(try await Self.experimentCount(sandbox) == made)
            let upgraded = try LockfileStore(path: directory.path("experiments.lock")).load()
            #expect(upgraded.migration == nil)
            #expect(upgraded.entries.mapValues(\.id) == current.entries.mapValues(\.id))
            #expect(upgraded.entries.mapValues(\.specDigest) == current.entries.mapValues(\.specDigest))
        }
    }

    /// What the version before this change wrote: every body with the default `project` tag.
    static func asFormat2(_ lockfile: Lockfile) -> String {
        var experiments: [String: JSONValue] = [:]
        for (key, entry) in lockfile.entries {
            var applied = entry.applied.objectValue ?? [:]
            applied["tags"] = [["project": "fidelity"]]
            let old = LockEntry(id: entry.id, state: entry.state, applied: .object(applied))
            experiments[key] = [
                "id": .string(old.id), "state": .string(old.state.rawValue), "spec_digest": .string(old.specDigest),
                "applied": old.applied,
            ]
        }
        var root = (try? JSONValue(parsing: lockfile.encoded()))?.objectValue ?? [:]
        root["format_version"] = 2
        root["experiments"] = .object(experiments)
        return JSONValue.object(root).serialized(pretty: true) + "\n"
    }
}
