import Foundation
import RespanCore

extension PromptfooReader {
    /// A provider respan-plan can call: its model and the settings a prompt version keeps.
    struct Provider {
        var model: String
        var settings: [String: JSONValue]
    }

    /// A prompt: a text template (one user message), or chat messages from a JSON file.
    struct Prompt {
        var text: String
        var isChat: Bool
        var messages: [JSONValue] {
            isChat ? (try? JSONValue(parsing: text))?.arrayValue ?? [] : [["role": "user", "content": .string(text)]]
        }
    }

    /// Each prompt: inline, `file://` (a text file, or a JSON file of chat messages), or an
    /// object whose `raw` or `id` is one of those (its `label` is kept only as a comment).
    mutating func prompts(_ value: JSONValue?) -> [Prompt] {
        let items = value?.arrayValue ?? value.map { [$0] } ?? []
        var prompts: [Prompt] = []
        for item in items {
            guard let raw = item.stringValue ?? item["raw"]?.stringValue ?? item["id"]?.stringValue else {
                conversion.notTranslated.append(
                    "a prompt that is not text (\(item.typeName)): prompt functions are JavaScript or Python")
                continue
            }
            guard raw.hasPrefix("file://") else {
                prompts.append(Prompt(text: Self.jinja(raw), isChat: false))
                continue
            }
            let file = String(raw.dropFirst("file://".count))
            if [".js", ".ts", ".py", ".mjs", ".cjs"].contains(where: { file.hasSuffix($0) }) {
                conversion.notTranslated.append("prompt \(file): a prompt function (code), not a template")
                continue
            }
            guard let text = read(file) else {
                conversion.diagnostics.error("the prompt file '\(file)' cannot be read", at: nil)
                continue
            }
            if file.lowercased().hasSuffix(".json"), let messages = Self.chat(text) {
                prompts.append(Prompt(text: messages.serialized(pretty: true), isChat: true))
            } else {
                prompts.append(Prompt(text: Self.jinja(text), isChat: false))
            }
        }
        return prompts
    }

    /// A JSON file of chat messages (`[{role, content}]`), its templates made Jinja2's.
    static func chat(_ text: String) -> JSONValue? {
        guard let items = (try? JSONValue(parsing: text))?.arrayValue, !items.isEmpty,
            items.allSatisfy({ $0["role"]?.stringValue != nil && $0["content"]?.stringValue != nil })
        else { return nil }
        return .array(
            items.map { ["role": $0["role"] ?? "user", "content": .string(jinja($0["content"]?.stringValue ?? ""))] })
    }

    /// Nunjucks filters Jinja2 spells otherwise (`| dump` is `| tojson`).
    static func jinja(_ template: String) -> String {
        template.replacingOccurrences(of: #"\|\s*dump\b"#, with: "| tojson", options: .regularExpression)
    }

    /// Each provider's model and settings; providers that are not a hosted model are listed.
    mutating func providers(_ value: JSONValue?) -> [Provider] {
        let items = value?.arrayValue ?? value.map { [$0] } ?? []
        var providers: [Provider] = []
        for item in items {
            guard let id = item.stringValue ?? item["id"]?.stringValue else {
                conversion.notTranslated.append("a provider without an id (a custom provider object)")
                continue
            }
            guard let model = Self.model(of: id) else {
                conversion.notTranslated.append(
                    "provider '\(id)': a custom, script or HTTP provider; an application answers rows through a runner (docs/applications.md)"
                )
                continue
            }
            var settings: [String: JSONValue] = [:]
            let config = item["config"]?.objectValue ?? [:]
            for (from, to) in [
                ("temperature", "temperature"), ("max_tokens", "max_tokens"), ("top_p", "top_p"),
                ("frequency_penalty", "frequency_penalty"), ("presence_penalty", "presence_penalty"), ("stop", "stop"),
                ("response_format", "response_format"),
            ] {
                if let setting = config[from] { settings[to] = setting }
            }
            for key in config.keys.sorted() where settings[key] == nil {
                conversion.notTranslated.append("provider '\(id)': config '\(key)' (a promptfoo or provider setting)")
            }
            providers.append(Provider(model: model, settings: settings))
        }
        return providers
    }

    /// `openai:gpt-4o-mini`, `openai:chat:gpt-4o`, `anthropic:messages:claude-…`, `vertex:gemini-…`,
    /// `google:…`, `mistral:…`, `groq:…` → the model; nil for anything else.
    static func model(of id: String) -> String? {
        let parts = id.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let hosted = ["openai", "anthropic", "vertex", "google", "mistral", "groq", "azure", "bedrock", "deepseek"]
        guard parts.count >= 2, hosted.contains(parts[0]), let model = parts.last, !model.isEmpty else { return nil }
        return model
    }

    /// The tests: a list, or a `file://` CSV (vars by column, `__expected…` columns as checks).
    mutating func tests(_ value: JSONValue?) -> [JSONValue] {
        if let text = value?.stringValue {
            let file = text.hasPrefix("file://") ? String(text.dropFirst("file://".count)) : text
            return testFile(file)
        }
        var tests: [JSONValue] = []
        for item in value?.arrayValue ?? [] {
            if let text = item.stringValue {
                tests += testFile(text.hasPrefix("file://") ? String(text.dropFirst("file://".count)) : text)
            } else {
                tests.append(item)
            }
        }
        return tests
    }

    /// A file of tests: CSV (vars by column, `__expected…` as checks), JSONL (a test a line),
    /// or JSON/YAML (a list of tests).
    private mutating func testFile(_ file: String) -> [JSONValue] {
        let lower = file.lowercased()
        if lower.hasSuffix(".csv") { return csvTests(file) }
        guard let text = read(file) else {
            conversion.diagnostics.error("the tests file '\(file)' cannot be read", at: nil)
            return []
        }
        var tests: [JSONValue] = []
        if lower.hasSuffix(".jsonl") {
            for line in text.split(separator: "\n") where !line.trimmingCharacters(in: .whitespaces).isEmpty {
                guard let test = try? JSONValue(parsing: String(line)) else {
                    conversion.diagnostics.error("a line of the tests file '\(file)' is not JSON", at: nil)
                    return []
                }
                tests.append(test)
            }
        } else if lower.hasSuffix(".json") || lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") {
            var diagnostics = DiagnosticList()
            let path = ManifestFileReader.join(folder, file)
            let parsed = YAMLLoader.loadDocument(Array(text.utf8), file: path).node?.jsonValue(
                diagnostics: &diagnostics)
            tests = parsed?.arrayValue ?? []
        } else {
            conversion.notTranslated.append("tests from '\(file)': not a CSV, JSONL, JSON or YAML file of tests")
            return []
        }
        conversion.translated.append("tests from \(file) (\(tests.count))")
        return tests
    }

    private mutating func csvTests(_ file: String) -> [JSONValue] {
        let path = ManifestFileReader.join(folder, file)
        do {
            let reader = try CSVRecordReader(path: path)
            var tests: [JSONValue] = []
            while let (record, _) = try reader.next() {
                var vars: [String: JSONValue] = [:], asserts: [JSONValue] = []
                for (column, value) in record {
                    if column.hasPrefix("__expected") {
                        if let text = value.stringValue { asserts.append(Self.expectation(text)) }
                    } else if !column.hasPrefix("__") {
                        vars[column] = value
                    }
                }
                tests.append(["vars": .object(vars), "assert": .array(asserts)])
            }
            conversion.translated.append("tests from \(file) (\(tests.count) rows; __expected columns as checks)")
            return tests
        } catch {
            conversion.diagnostics.error(
                "the tests file '\(path)' cannot be read: \(error.message)", at: error.location)
            return []
        }
    }
}
