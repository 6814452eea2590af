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

    /// A CSV `__expected` cell: `TYPE: VALUE` for a known type, else the text it must equal.
    static func expectation(_ text: String) -> JSONValue {
        if let colon = text.firstIndex(of: ":") {
            let type = text[..<colon].trimmingCharacters(in: .whitespaces)
            if PromptfooConversion.isCheck(type) || type == "llm-rubric" {
                let value = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                return ["type": .string(type), "value": .string(value)]
            }
        }
        if text == "is-json" { return ["type": "is-json"] }
        return ["type": "equals", "value": .string(text)]
    }

    /// One test as a row: its vars (and `defaultTest`'s) as the input, its checks and
    /// `defaultTest`'s as `assert`, an `llm-rubric` as `metadata.rubric`.
    mutating func row(_ test: JSONValue, defaults: JSONValue?, number: Int, variables: Set<String>) -> JSONValue {
        var input = defaults?["vars"]?.objectValue ?? [:]
        for (key, value) in test["vars"]?.objectValue ?? [:] { input[key] = value }
        for (key, value) in input {
            guard let text = value.stringValue, text.hasPrefix("file://") else { continue }
            let file = String(text.dropFirst("file://".count))
            if let read = read(file) {
                input[key] = .string(read)
            } else {
                conversion.diagnostics.error(
                    "test \(number): the file '\(file)' of var '\(key)' cannot be read", at: nil)
            }
        }
        for name in variables.sorted() where input[name] == nil { input[name] = "" }
        for key in ["provider", "options", "threshold"] where test[key] != nil {
            conversion.notTranslated.append("test \(number): '\(key)' (a per-test setting respan-plan does not keep)")
        }
        let own = (test["assert"]?.arrayValue ?? []).map { ($0, false) }
        let asserts = (defaults?["assert"]?.arrayValue ?? []).map { ($0, true) } + own
        var checks: [JSONValue] = [], rubrics: [String] = []
        for (assertion, fromDefaults) in asserts {
            let type = assertion["type"]?.stringValue ?? ""
            if PromptfooConversion.isCheck(type), let check = check(type, assertion["value"], input) {
                checks.append(check)
            } else if type == "llm-rubric", let rubric = assertion["value"]?.stringValue {
                rubrics.append(Self.render(rubric, input))
            } else if !fromDefaults {
                conversion.notTranslated.append("test \(number): assertion '\(type)' (no built-in check does it)")
            }
        }
        var row: [String: JSONValue] = ["input": .object(input)]
        var metadata = test["metadata"]?.objectValue ?? [:]
        if !checks.isEmpty { metadata["assert"] = .array(checks) }
        if !rubrics.isEmpty { metadata["rubric"] = .string(rubrics.joined(separator: "\n")) }
        if let description = test["description"]?.stringValue { metadata["description"] = .string(description) }
        if let equals = checks.first(where: { $0["type"] == "equals" })?["value"] { row["expected_output"] = equals }
        if !metadata.isEmpty { row["metadata"] = .object(metadata) }
        return .object(row)
    }

    /// One check: its value with the test's `{{vars}}` filled in (promptfoo renders assertion
    /// values), an `is-json` schema read from its `file://`.
    private mutating func check(_ type: String, _ value: JSONValue?, _ input: [String: JSONValue]) -> JSONValue? {
        var check: [String: JSONValue] = ["type": .string(type)]
        guard var value else { return .object(check) }
        if let text = value.stringValue, text.hasPrefix("file://") {
            let file = String(text.dropFirst("file://".count))
            var diagnostics = DiagnosticList()
            guard type.hasSuffix("is-json"), let read = read(file),
                let schema = YAMLLoader.loadDocument(Array(read.utf8), file: file).node?.jsonValue(
                    diagnostics: &diagnostics)
            else { return nil }
            value = schema
        } else if let text = value.stringValue {
            value = .string(Self.render(text, input))
        }
        check["value"] = value
        return .object(check)
    }

    /// `{{ name }}` replaced by the test's var `name` (its text), as promptfoo renders values.
    static func render(_ text: String, _ input: [String: JSONValue]) -> String {
        guard text.contains("{{") else { return text }
        var out = text
        for (name, value) in input {
            let pattern = #"\{\{\s*"# + NSRegularExpression.escapedPattern(for: name) + #"\s*\}\}"#
            let replacement = NSRegularExpression.escapedTemplate(for: value.stringValue ?? value.serialized())
            out = out.replacingOccurrences(of: pattern, with: replacement, options: .regularExpression)
        }
        return out
    }

    /// `defaultTest`'s parts that have no translation, each listed once.
    mutating func listDefaultsNotTranslated(_ defaults: JSONValue?) {
        for assertion in defaults?["assert"]?.arrayValue ?? [] {
            let type = assertion["type"]?.stringValue ?? ""
            if !PromptfooConversion.isCheck(type) && type != "llm-rubric" {
                conversion.notTranslated.append("defaultTest: assertion '\(type)' (no built-in check does it)")
            }
        }
        for key in (defaults?.objectValue ?? [:]).keys.sorted() where !["assert", "vars"].contains(key) {
            conversion.notTranslated.append(
                "defaultTest: '\(key)' (its options, e.g. a grading provider, are not kept)")
        }
    }

    /// The manifest: the prompts, the datasets, the checks (and the rubric evaluator), the experiments.
    func manifest(description: String?, prompts section: String, plan: SuitePlan) -> String {
        var text = "# Converted from a promptfoo config by respan-plan convert"
        text += description.map { ": " + $0.replacingOccurrences(of: "\n", with: " ") } ?? ""
        text += "\nversion: 1\n\ndatasets:\n"
        if plan.checksOnAll || plan.rubric { text += "  tests: { file: data/tests.jsonl }\n" }
        if plan.checkedRows { text += "  checked: { file: data/checked.jsonl }   # the tests that have checks\n" }
        text += "\nprompts:\n" + section + "\nevaluators:\n"
        text += "  checks:\n    description: Every check of the test (promptfoo's assert)\n    check: row\n"
        if plan.rubric {
            text += "  rubric:\n    type: llm\n    score_value_type: boolean\n"
            text += "    llm_config:\n      model: gpt-4o-mini\n"
            text +=
                "      evaluator_definition: \"Does the output meet the rubric in the metadata? Rubric: {{metadata}} Output: {{output}}\"\n"
        }
        let matrix = "    matrix: { prompt: [\(plan.names.joined(separator: ", "))] }\n"
        let workflow = "    workflow: [{ type: prompt, config: { prompt: \"${{ matrix.prompt }}\" } }]\n"
        text += "\nexperiments:\n"
        let onAll = (plan.checksOnAll ? ["checks"] : []) + (plan.rubric ? ["rubric"] : [])
        // promptfoo's passRateThreshold: the share of tests that must pass all their checks.
        let gates =
            plan.passRate.map {
                "    gates: { checks: { min_pass_rate: \(JSONValue.number(JSONNumber($0) ?? JSONNumber(0)).serialized()) } }\n"
            } ?? ""
        if !onAll.isEmpty {
            text +=
                "  eval:\n" + matrix + "    dataset: tests\n    evaluators: [\(onAll.joined(separator: ", "))]\n"
                + workflow + (plan.checksOnAll ? gates : "")
        }
        if plan.checkedRows {
            text += "  eval-checks:\n" + matrix + "    dataset: checked\n    evaluators: [checks]\n" + workflow + gates
        }
        return text
    }

    func read(_ file: String) -> String? {
        ManifestFileReader.bytes(atPath: ManifestFileReader.join(folder, file)).flatMap {
            String(bytes: $0, encoding: .utf8)
        }
    }

    /// A YAML double-quoted scalar (a JSON string is one).
    static func quoted(_ text: String) -> String { JSONValue.string(text).serialized() }

    /// A model as part of a name: letters, digits and `-`.
    static func slug(_ model: String) -> String {
        String(model.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" })
    }
}
