import Foundation
import RespanCore

/// Decodes an experiment's `runner:` (design §14) and checks it against the workflow: a runner
/// answers the rows of a `wait` step, so one without such a step is an error, and a `wait` step
/// without a runner is warned about (nobody would answer its rows).
struct RunnerDecoder {
    static let keys = ["command", "http", "inputs", "concurrency", "timeout", "env"]

    let key: String

    /// The runner, or nil after reporting every problem in it (each at its place).
    func decode(_ node: YAMLNode, diagnostics: inout DiagnosticList) -> Runner? {
        let what = "the runner of experiment '\(key)'"
        guard let reader = MappingReader(node, what, allowed: Self.keys, diagnostics: &diagnostics) else { return nil }
        let errors = diagnostics.errorCount
        var http: RunnerHTTP?
        var command: [String]?
        switch (reader["command"], reader["http"]) {
        case (.some, .some):
            diagnostics.error(
                "give the runner 'command' (a program run once a row) or 'http' (a service each row is POSTed to), not both",
                at: reader.keyLocation("http"))
        case (nil, let node?):
            http = Self.http(node, diagnostics: &diagnostics)
            command = []
        default:
            command = self.command(reader, in: what, diagnostics: &diagnostics)
        }
        let directory = (node.location.file as NSString).deletingLastPathComponent
        let inputs = reader["inputs"].flatMap { self.inputs($0, in: directory, diagnostics: &diagnostics) } ?? []
        let concurrency = reader["concurrency"].flatMap {
            $0.integer("'concurrency' of the runner", minimum: 1, diagnostics: &diagnostics)
        }
        let timeout = reader["timeout"].flatMap { Self.duration($0, diagnostics: &diagnostics) }
        let environment = reader["env"].flatMap { $0.stringList("'env'", diagnostics: &diagnostics) }
        guard let command, diagnostics.errorCount == errors else { return nil }
        var runner = Runner(
            command: command, directory: directory.isEmpty ? "." : directory, inputs: inputs,
            concurrency: concurrency ?? Runner.defaultConcurrency, timeout: timeout ?? Runner.defaultTimeout,
            environment: (environment ?? []).map(\.value), location: node.location)
        runner.http = http
        return runner
    }

    /// `http: URL` or `http: { url: URL, headers: {…} }`; the URL is http(s) with a host.
    static func http(_ node: YAMLNode, diagnostics: inout DiagnosticList) -> RunnerHTTP? {
        var urlNode = node
        var headers: [String: String] = [:]
        if node.mapping != nil {
            guard let reader = MappingReader(node, "'http'", allowed: ["url", "headers"], diagnostics: &diagnostics),
                let url = reader.required("url", in: "'http'", diagnostics: &diagnostics)
            else { return nil }
            urlNode = url
            if let given = reader["headers"] {
                guard let pairs = given.mapping else {
                    diagnostics.error(Message.expected("a mapping", for: "'headers'", got: given), at: given.location)
                    return nil
                }
                for pair in pairs {
                    guard let name = pair.key.keyText,
                        let value = pair.value.string("header '\(name)'", diagnostics: &diagnostics)
                    else { continue }
                    headers[name] = value.value
                }
            }
        }
        guard let url = urlNode.nonEmptyString("'http'", diagnostics: &diagnostics) else { return nil }
        let parts = URLComponents(string: url.value)
        guard let scheme = parts?.scheme, ["http", "https"].contains(scheme), parts?.host?.isEmpty == false else {
            diagnostics.error(
                "'http' is the URL each row is POSTed to, such as http://127.0.0.1:8000/answer; got '\(url.value)'",
                at: url.location)
            return nil
        }
        return RunnerHTTP(url: url.value, headers: headers)
    }

    /// `command`: a non-empty argv list.
    private func command(_ reader: MappingReader, in what: String, diagnostics: inout DiagnosticList) -> [String]? {
        guard let node = reader.required("command", in: what, diagnostics: &diagnostics),
            let command = node.stringList("'command'", diagnostics: &diagnostics)
        else { return nil }
        guard !command.isEmpty else {
            diagnostics.error(
                "'command' needs at least the program to run, e.g. [python3, app/answer.py]", at: node.location)
            return nil
        }
        return command.map(\.value)
    }

    /// Every file the globs match, sorted, each once; a glob that matches nothing is an error
    /// (a typo would otherwise leave the application's code out of the digest).
    private func inputs(_ node: YAMLNode, in directory: String, diagnostics: inout DiagnosticList) -> [RunnerInput]? {
        guard let patterns = node.stringList("'inputs'", diagnostics: &diagnostics) else { return nil }
        var paths = Set<String>()
        for pattern in patterns {
            guard !pattern.value.hasPrefix("/") else {
                diagnostics.error(
                    "input '\(pattern.value)' is an absolute path; give it relative to the manifest, so every machine hashes the same files",
                    at: pattern.location)
                continue
            }
            let matched = InputFiles.expand(pattern.value, in: directory)
            if matched.isEmpty {
                diagnostics.error(
                    "input '\(pattern.value)' matches no file (paths are relative to the manifest's folder)",
                    at: pattern.location)
            }
            paths.formUnion(matched)
        }
        return paths.sorted().compactMap { path in
            let full = (directory as NSString).appendingPathComponent(path)
            guard let digest = InputFiles.digest(of: full) else {
                diagnostics.error("cannot read input '\(path)'", at: node.location)
                return nil
            }
            return RunnerInput(path: path, digest: digest)
        }
    }

    /// `60s`, `2m`, `500ms`, `1h`, or a plain number of seconds; above zero (`DurationText`).
    static func duration(_ node: YAMLNode, diagnostics: inout DiagnosticList) -> Duration? {
        let text = node.scalar?.textValue ?? ""
        guard let seconds = DurationText.seconds(text) else {
            diagnostics.error(
                "'timeout' takes a duration above zero such as 60s, 2m or 500ms; got '\(text)'", at: node.location)
            return nil
        }
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }

    /// Whether a resolved `workflow` has a `wait` step.
    static func waits(_ workflow: JSONValue?) -> Bool {
        workflow?.arrayValue?.contains { $0["type"]?.stringValue == "wait" } ?? false
    }

    /// The rule between a runner and the workflow, checked once both are decoded.
    func check(
        runner: Runner?, runnerAt location: SourceLocation?, workflow: JSONValue?, workflowAt: SourceLocation?,
        diagnostics: inout DiagnosticList
    ) {
        let waits = Self.waits(workflow)
        if runner != nil, !waits, workflow != nil {
            diagnostics.error(
                "experiment '\(key)' has a runner but its workflow has no wait step, so no row would wait for it; add '{ type: wait }' to the workflow or remove 'runner'",
                at: location)
        } else if runner == nil, waits, location == nil {
            diagnostics.append(
                .warning(
                    "experiment '\(key)' has a wait step and no runner: nobody will answer these rows (give it a 'runner', or submit the outputs yourself)",
                    at: workflowAt))
        }
    }
}
