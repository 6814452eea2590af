import Foundation
import Manifest
import RespanAPI
import RespanCore

/// A runner's command made ready to answer rows: the program found, the environment without
/// the Respan API key (unless the runner names its variable in `env:`), and what it prints
/// redacted of that key.
public struct RowCommand: Sendable {
    /// What one row's run gave.
    public enum Answer: Sendable, Equatable {
        case output(JSONValue)
        /// The command failed, timed out or printed no JSON: the message, and the end of its
        /// standard error.
        case failure(String, stderr: String)
    }

    /// Why a command cannot run at all (then no row is run or submitted).
    public struct NotFound: Error, CustomStringConvertible {
        public let program: String
        public let directory: String
        public var description: String {
            "the runner's command '\(program)' is not found (looked up on PATH, or relative to \(directory))"
        }
    }

    /// The command, or nil for a runner's service (`endpoint`).
    let process: ChildProcess?
    let endpoint: RowEndpoint?
    let timeout: Duration
    let secret: String
    /// Standard error kept with a failed row: its last characters, where errors usually are.
    static let stderrLimit = 2000

    /// `environment` is the process's; `secret` the API key in use, kept out of both.
    public init(runner: Runner, environment: [String: String], secret: String) throws {
        self.secret = secret
        timeout = runner.timeout
        if let http = runner.http {
            let headers = try http.headers.mapValues { try Self.expand($0, environment) }
            (process, endpoint) = (nil, RowEndpoint(url: http.url, headers: headers))
            return
        }
        endpoint = nil
        guard let program = runner.command.first, let executable = Self.locate(program, runner, environment) else {
            throw NotFound(program: runner.command.first ?? "", directory: runner.directory)
        }
        let named = Set(runner.environment)
        let passed = environment.filter { name, value in
            named.contains(name) || (name != "RESPAN_API_KEY" && (secret.isEmpty || value != secret))
        }
        process = ChildProcess(
            executable: executable, arguments: Array(runner.command.dropFirst()), directory: runner.directory,
            environment: passed, timeout: runner.timeout)
    }

    /// A header's value with each `${NAME}` replaced by that environment variable, read when
    /// rows are answered (so `validate`, `plan` and `results` never need the application's secret).
    static func expand(_ value: String, _ environment: [String: String]) throws -> String {
        var out = ""
        var rest = Substring(value)
        while let start = rest.range(of: "${") {
            out += rest[..<start.lowerBound]
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else { break }
            let name = String(rest[start.upperBound..<end])
            guard let found = environment[name] else { throw MissingVariable(name: name) }
            out += found
            rest = rest[rest.index(after: end)...]
        }
        return out + rest
    }

    /// A runner header names an environment variable that is not set.
    public struct MissingVariable: Error, CustomStringConvertible {
        public let name: String
        public var description: String {
            "the runner's headers use ${\(name)}, which is not set in the environment; set it before answering rows"
        }
    }

    /// Why a runner's service cannot answer at all (nothing listens at its URL); then no row
    /// is run or submitted, as with a command that is not found.
    public struct Unreachable: Error, CustomStringConvertible {
        public let url: String
        public let reason: String
        public var description: String {
            "the runner's service at \(url) does not answer (\(reason)); start it, then run again"
        }
    }

    /// For a service: POSTs nothing, only checks that something answers at its URL (any HTTP
    /// status will do), so a service that is not started fails the run before any row is
    /// submitted as an error. A command was checked when this was made.
    public func checkReachable() async throws {
        guard let endpoint else { return }
        try await Self.checkReachable(url: endpoint.url)
    }

    /// The services of `runners` (their `http:` form), each probed once before anything is
    /// applied: `apply --wait` fails before it replaces a run that nobody could answer.
    public static func checkServices(of runners: [Runner]) async throws {
        for url in Set(runners.compactMap(\.http?.url)).sorted() { try await checkReachable(url: url) }
    }

    private static func checkReachable(url: String) async throws {
        if case .unreachable(let reason) = await RowEndpoint(url: url).probe(timeout: .seconds(10)) {
            throw Unreachable(url: url, reason: reason)
        }
    }

    /// Runs the command on one row's input (its JSON on standard input), or POSTs it to the service.
    public func answer(_ input: JSONValue) async -> Answer {
        guard let process else { return await post(input) }
        let finished: ChildProcess.Finished
        do {
            finished = try await process.run(input: Data((input.serialized() + "\n").utf8))
        } catch {
            return .failure("the command could not start: \(error)", stderr: "")
        }
        let stderr = Self.tail(redact(String(decoding: finished.stderr, as: UTF8.self)))
        if finished.timedOut { return .failure("timed out after \(timeout.inWords)", stderr: stderr) }
        if finished.signalled { return .failure("killed by signal \(finished.status)", stderr: stderr) }
        if finished.status != 0 { return .failure("exited with status \(finished.status)", stderr: stderr) }
        let text = redact(String(decoding: finished.stdout, as: UTF8.self)).trimmingCharacters(
            in: .whitespacesAndNewlines)
        guard let output = try? JSONValue(parsing: text) else {
            let shown = text.isEmpty ? "nothing" : "'\(Self.tail(text, limit: 200))'"
            return .failure("the output is not JSON: printed \(shown)", stderr: stderr)
        }
        return .output(output)
    }

    /// The service's answer: a 2xx JSON body is the output; anything else fails the row, with
    /// the body's end kept where a command's standard error would be.
    private func post(_ input: JSONValue) async -> Answer {
        guard let endpoint else { return .failure("no command and no service", stderr: "") }
        switch await endpoint.post(input, timeout: timeout) {
        case .timedOut:
            return .failure("timed out after \(timeout.inWords)", stderr: "")
        case .tooLarge(let limit):
            return .failure("the service's answer is larger than \(limit >> 20) MiB, or was cut off", stderr: "")
        case .unreachable(let reason):
            return .failure("the service does not answer: \(reason)", stderr: "")
        case .response(let status, let body):
            let text = redact(String(decoding: body, as: UTF8.self)).trimmingCharacters(in: .whitespacesAndNewlines)
            guard (200..<300).contains(status) else {
                return .failure("the service answered HTTP \(status)", stderr: Self.tail(text))
            }
            guard let output = try? JSONValue(parsing: text) else {
                let shown = text.isEmpty ? "nothing" : "'\(Self.tail(text, limit: 200))'"
                return .failure("the service's answer is not JSON: it sent \(shown)", stderr: "")
            }
            return .output(output)
        }
    }

    private func redact(_ text: String) -> String { secret.isEmpty ? text : Redaction.redact(secret, in: text) }

    static func tail(_ text: String, limit: Int = stderrLimit) -> String {
        text.count <= limit ? text : "…" + text.suffix(limit)
    }

    /// The program's absolute path: as given when it holds a `/` (relative to the runner's
    /// folder), else the first executable of that name on `PATH`. Absolute, because the child
    /// starts in the runner's folder: a path relative to this process's folder would not resolve
    /// there (a manifest named from another folder).
    static func locate(_ program: String, _ runner: Runner, _ environment: [String: String]) -> String? {
        let folders =
            program.contains("/")
            ? [program.hasPrefix("/") ? "/" : runner.directory]
            : (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").map {
                $0.isEmpty ? "." : String($0)
            }
        return folders.map {
            URL(fileURLWithPath: ($0 as NSString).appendingPathComponent(program)).standardizedFileURL.path
        }
        .first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
