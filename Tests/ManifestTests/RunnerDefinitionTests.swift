import Manifest
import RespanCore
import TestSupport
import Testing

/// A runner's `inputs:` (design §14): globs relative to the manifest, expanded and sorted, each
/// file once, hashed by content with CRLF read as LF; `**` spans folders but never `.git`.
@Suite struct RunnerDefinitionTests {
    static func root(inputs: String, extra: String = "") -> String {
        manifestHead + """
            experiments:
              app:
                dataset: qa
                evaluators: [quality]
                workflow: [{ type: wait }]
                runner: { command: [python3, app/main.py], inputs: [\(inputs)]\(extra) }
            """
    }

    static let files = [
        "app/main.py": "print(1)\n", "app/lib/util.py": "x = 1\n", "app/lib/deep/more.py": "y = 2\n",
        "app/notes.txt": "n\n", "app/.git/hook.py": "z\n",
    ]

    @Test func globsExpandSortedAndOnceAcrossFoldersButNotIntoGit() throws {
        var files = Self.files
        files["experiments.yaml"] = Self.root(inputs: #""app/**/*.py", app/main.py"#)
        let runner = try #require(try loadValid(files).experiment("app")?.runner)
        #expect(runner.inputs.map(\.path) == ["app/lib/deep/more.py", "app/lib/util.py", "app/main.py"])
        #expect(runner.command == ["python3", "app/main.py"])
        #expect(runner.concurrency == Runner.defaultConcurrency && runner.timeout == Runner.defaultTimeout)
    }

    @Test func lineEndingsDoNotChangeADigest() throws {
        var unix = Self.files, windows = Self.files
        unix["experiments.yaml"] = Self.root(inputs: "app/main.py")
        windows["experiments.yaml"] = unix["experiments.yaml"]
        windows["app/main.py"] = "print(1)\r\n"
        let one = try #require(try loadValid(unix).experiment("app")?.runner?.inputs)
        let other = try #require(try loadValid(windows).experiment("app")?.runner?.inputs)
        #expect(one == other && one.first?.digest.hasPrefix("sha256:") == true)
    }

    @Test func timeoutsTakeUnitsAndConcurrencyAndEnvAreKept() throws {
        var files = Self.files
        files["experiments.yaml"] = Self.root(
            inputs: "app/main.py", extra: ", timeout: 1500ms, concurrency: 2, env: [OPENAI_API_KEY]")
        let runner = try #require(try loadValid(files).experiment("app")?.runner)
        #expect(runner.timeout == .milliseconds(1500) && runner.concurrency == 2)
        #expect(runner.environment == ["OPENAI_API_KEY"])
    }

    @Test func anAbsoluteInputIsAnError() throws {
        let messages = try errors(of: Self.root(inputs: "/etc/hosts"))
        #expect(messages.contains { $0.hasPrefix("input '/etc/hosts' is an absolute path") }, "\(messages)")
    }
}
