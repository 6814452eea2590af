import Foundation
import RespanCore

extension PromptfooReader {
    /// A provider respan-plan can call: its model and the settings a prompt version keeps.
    struct Provider {
        var model: String
        var settings: [String: JSONValue]
    }

    /// Each prompt's text: inline, or a `file://` text file.
    mutating func prompts(_ value: JSONValue?) -> [String] {
        let items = value?.arrayValue ?? value.map { [$0] } ?? []
        var texts: [String] = []
        for item in items {
            let raw = item.stringValue ?? item["raw"]?.stringValue
            guard let raw else {
                conversion.notTranslated.append(
                    "a prompt that is not text (\(item.typeName)): prompt functions are JavaScript or Python")
                continue
            }
            if raw.hasPrefix("file://") {
                let file = String(raw.dropFirst("file://".count))
                if [".js", ".ts", ".py", ".mjs", ".cjs"].contains(where: { file.hasSuffix($0) }) {
                    conversion.notTranslated.append("prompt \(file): a prompt function (code), not a template")
                    continue
                }
                guard let text = read(file) else {
                    conversion.diagnostics.error("the prompt file '\(file)' cannot be read", at: nil)
                    continue
                }
                texts.append(text)
            } else {
                texts.append(raw)
            }
        }
        return texts
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
        if let text = value?.stringValue, text.hasPrefix("file://") {
            let file = String(text.dropFirst("file://".count))
            guard file.lowercased().hasSuffix(".csv") else {
                conversion.notTranslated.append("tests from '\(file)': only CSV test files are read")
                return []
            }
            return csvTests(file)
        }
        return value?.arrayValue ?? []
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
            let known = PromptfooConversion.checkTypes.union(["llm-rubric"])
            if known.contains(type) || known.contains(String(type.dropFirst("not-".count))) {
                let value = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                return ["type": .string(type), "value": .string(value)]
            }
        }
        if text == "is-json" { return ["type": "is-json"] }
        return ["type": "equals", "value": .string(text)]
    }

    /// One test as a row: its vars (and `defaultTest`'s) as the input, its checks and
    /// `defaultTest`'s as `assert`, an `llm-rubric` as `metadata.rubric`.
    mutating func row(_ test: JSONValue, defaults: JSONValue?, number: Int) -> JSONValue {
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
        var checks: [JSONValue] = [], rubrics: [String] = []
        let asserts = (defaults?["assert"]?.arrayValue ?? []) + (test["assert"]?.arrayValue ?? [])
        for assertion in asserts {
            let type = assertion["type"]?.stringValue ?? ""
            let base = type.hasPrefix("not-") ? String(type.dropFirst(4)) : type
            if PromptfooConversion.checkTypes.contains(base),
                assertion["value"]?.stringValue?.hasPrefix("file://") != true
            {
                var check: [String: JSONValue] = ["type": .string(type)]
                if let value = assertion["value"] { check["value"] = value }
                checks.append(.object(check))
            } else if type == "llm-rubric", let rubric = assertion["value"]?.stringValue {
                rubrics.append(rubric)
            } else {
                conversion.notTranslated.append("test \(number): assertion '\(type)' (no built-in check does it)")
            }
        }
        var row: [String: JSONValue] = ["input": .object(input)]
        var metadata: [String: JSONValue] = [:]
        if !checks.isEmpty { metadata["assert"] = .array(checks) }
        if !rubrics.isEmpty { metadata["rubric"] = .string(rubrics.joined(separator: "\n")) }
        if let description = test["description"]?.stringValue { metadata["description"] = .string(description) }
        if let equals = checks.first(where: { $0["type"] == "equals" })?["value"] { row["expected_output"] = equals }
        if !metadata.isEmpty { row["metadata"] = .object(metadata) }
        return .object(row)
    }

    /// The manifest: the prompts, the datasets, the checks (and the rubric evaluator), the experiments.
    func manifest(description: String?, prompts section: String, plan: SuitePlan) -> String {
        var text = "# Converted from a promptfoo config by respan-plan convert"
        text += description.map { ": " + $0.replacingOccurrences(of: "\n", with: " ") } ?? ""
        text += "\nversion: 1\n\ndatasets:\n  tests: { file: data/tests.jsonl }\n"
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
        if !onAll.isEmpty {
            text +=
                "  eval:\n" + matrix + "    dataset: tests\n    evaluators: [\(onAll.joined(separator: ", "))]\n"
                + workflow
        }
        if plan.checkedRows {
            text += "  eval-checks:\n" + matrix + "    dataset: checked\n    evaluators: [checks]\n" + workflow
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
