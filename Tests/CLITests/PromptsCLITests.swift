import Foundation
import RespanCore
import TestSupport
import Testing

/// Prompts as code (design §13), through the built CLI against the embedded sandbox: apply
/// makes each prompt and a committed version of its content; a prompt step names it; editing
/// a prompt reruns exactly the experiments that use it and says what changed; a missing
/// prompt fails the plan; a template variable no row provides is a located error.
@Suite struct PromptsCLITests {
    static func manifest(system: String = "You answer support questions briefly.") -> String {
        """
        version: 1
        project: demo
        datasets:
          qa: { file: qa.jsonl }
        evaluators:
          quality: { id: eval_quality }
        prompts:
          support:
            model: gpt-4o-mini
            max_tokens: 300
            messages:
              - { role: system, content: \(system) }
              - { role: user, content: "{{question}}" }
          terse:
            model: gpt-4o
            file: prompts/terse.txt
        experiments:
          sweep:
            matrix: { prompt: [support, terse] }
            dataset: qa
            evaluators: [quality]
            workflow: [{ type: prompt, config: { prompt: "${{ matrix.prompt }}" } }]
          plain:
            dataset: qa
            evaluators: [quality]
            workflow: [{ type: completion, config: { model: gpt-4o, max_tokens: 100 } }]
        """
    }

    static let rows = """
        {"input": {"question": "How do I reset my password?"}, "expected_output": "Use the reset link."}
        {"input": {"question": "Can I get a refund?"}, "expected_output": "Yes, within 30 days."}
        """

    static func folder() throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        try directory.write("experiments.yaml", manifest())
        try directory.write("qa.jsonl", rows)
        try directory.write("prompts/terse.txt", "Answer in one line: {{question}}")
        return directory
    }

    @Test func applyMakesThePromptsAndAnEditRerunsExactlyItsExperiments() async throws {
        let directory = try Self.folder()
        defer { directory.remove() }
        func run(_ arguments: [String]) async throws -> CLI.Result {
            try await CLI.run(arguments, in: directory.url)
        }
        let firstPlan = try JSONValue(parsing: try await run(["plan", "--sandbox", "--format", "json"]).stdout)
        let apply = try await run(["apply", "--sandbox", "--auto-approve", "--wait"])
        #expect(apply.status == 0, "\(apply.stdout)\(apply.stderr)")
        #expect(apply.stdout.contains("+ prompt support (demo/support)"), "\(apply.stdout)")
        // results estimates a prompt's run as the plan did: by the prompt's model and max_tokens.
        let reported = try JSONValue(parsing: try await run(["results", "--sandbox", "--format", "json"]).stdout)
        for key in ["sweep[prompt=support]", "sweep[prompt=terse]"] {
            let estimate = firstPlan["cost"]?["runs"]?.arrayValue?.first { $0["key"] == .string(key) }?["dollars"]
            let result = reported["experiments"]?.arrayValue?.first { $0["key"] == .string(key) }
            let planned = try #require(estimate?.numberValue?.doubleValue, "\(firstPlan)")
            let estimated = try #require(
                result?["estimated_cost"]?.numberValue?.doubleValue, "\(key): \(result ?? .null)")
            #expect(abs(estimated - planned) <= 0.00005, "results rounds to 4 places: \(estimated) vs \(planned)")
        }
        let lock = try JSONValue(parsing: String(contentsOfFile: directory.path("experiments.lock"), encoding: .utf8))
        let support = try #require(lock["prompts"]?["support"])
        #expect(support["version"] == 1)
        let id = try #require(support["id"]?.stringValue)
        let step = lock["experiments"]?["sweep[prompt=support]"]?["applied"]?["workflow"]?.arrayValue?.first
        #expect(step?["config"] == ["prompt_id": .string(id), "version": 1], "\(step ?? .null)")
        let again = try await run(["plan", "--sandbox", "--detailed-exitcode"])
        #expect(again.status == 0, "\(again.stdout)")
        let results = try await run(["results", "--sandbox"])
        #expect(results.stdout.contains("sweep[prompt=terse]"), "\(results.stdout)")

        try directory.write("experiments.yaml", Self.manifest(system: "You answer support questions in full."))
        // An edit not applied yet is not what the run used: that run has no estimate, the other keeps its own.
        let beforeApply = try JSONValue(parsing: try await run(["results", "--sandbox", "--format", "json"]).stdout)
        func estimated(_ key: String) -> JSONValue? {
            beforeApply["experiments"]?.arrayValue?.first { $0["key"] == .string(key) }?["estimated_cost"]
        }
        #expect(estimated("sweep[prompt=support]") == .null, "\(beforeApply)")
        #expect(estimated("sweep[prompt=terse]")?.numberValue != nil, "\(beforeApply)")
        let plan = try await run(["plan", "--sandbox"])
        #expect(
            plan.stdout.contains(
                "sweep[prompt=support] will be created anew; the old run is kept as history (prompt support changed: message 1 (system))"
            ), "\(plan.stdout)")
        #expect(!plan.stdout.contains("sweep[prompt=terse] will"))
        #expect(!plan.stdout.contains("plain will"))
        #expect(plan.stdout.contains("1 prompt version to commit"))
        // The estimate runs the prompt's model and max_tokens: 2 rows × 300 tokens out.
        #expect(plan.stdout.contains("sweep[prompt=support]: 2 rows, ~"), "\(plan.stdout)")
        #expect(plan.stdout.contains("600 out), ~$"), "\(plan.stdout)")
        let saved = try await run(["plan", "--sandbox", "--out", "plan.json"])
        #expect(saved.status == 1)
        #expect(saved.stderr.contains("a saved plan cannot carry a prompt change yet (prompt support)"))
        let edited = try await run(["apply", "--sandbox", "--auto-approve"])
        #expect(edited.status == 0, "\(edited.stderr)")
        let after = try JSONValue(parsing: String(contentsOfFile: directory.path("experiments.lock"), encoding: .utf8))
        #expect(after["prompts"]?["support"]?["version"] == 2)
        #expect(after["prompts"]?["support"]?["id"]?.stringValue == id)
        #expect(try await run(["plan", "--sandbox", "--detailed-exitcode"]).status == 0)
    }

    /// A prompt named but not defined, a raw `prompt_slug` that does not exist on Respan, and
    /// a `{{variable}}` that a row's input lacks.
    @Test func promptMistakesAreLocatedOrFailThePlan() async throws {
        let directory = try Self.folder()
        defer { directory.remove() }
        try directory.write(
            "experiments.yaml",
            Self.manifest().replacingOccurrences(of: "[support, terse]", with: "[support, tersse]"))
        let unknown = try await CLI.run(["validate"], in: directory.url)
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("unknown prompt 'tersse'; did you mean 'terse'?"), "\(unknown.stderr)")

        try directory.write(
            "experiments.yaml", Self.manifest().replacingOccurrences(of: "{{question}}", with: "{{question}} {{tone}}"))
        let variable = try await CLI.run(["validate"], in: directory.url)
        #expect(
            variable.stderr.contains(
                "error: prompt 'support' uses {{tone}}, which not every row of dataset 'qa' has in its input (every row has: question)"
            ), "\(variable.stderr)")

        try directory.write(
            "experiments.yaml",
            Self.manifest().replacingOccurrences(
                of: #"config: { prompt: "${{ matrix.prompt }}" }"#, with: "config: { prompt_slug: nowhere }"))
        let missing = try await CLI.run(["plan", "--sandbox"], in: directory.url)
        #expect(missing.status == 1, "\(missing.stdout)")
        #expect(missing.stderr.contains("prompt 'nowhere' does not exist on Respan"), "\(missing.stderr)")
    }
}
