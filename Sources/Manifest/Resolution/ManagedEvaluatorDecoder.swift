import Foundation
import RespanCore

/// Decodes an evaluator defined in the manifest (`type: llm` or `type: code`) into the fields
/// of Respan's create body, with located errors for what Respan would refuse: required fields
/// per type, `score_value_type` values, ranges, and a `code_file` that must exist.
enum ManagedEvaluatorDecoder {
    static let keys = [
        "type", "score_value_type", "description", "llm_config", "code_file", "score_config", "passing_conditions",
        "check",
    ]
    static let types = ["llm", "code"]
    /// The values Respan's SDK (v0.1.47) lists.
    static let scoreValueTypes = [
        "numerical", "boolean", "percentage", "single_select", "multi_select", "text", "json", "comment", "categorical",
    ]
    static let llmKeys = [
        "model", "evaluator_definition", "scoring_rubric", "temperature", "max_tokens", "top_p", "frequency_penalty",
        "presence_penalty", "stop", "response_format", "tools", "tool_choice", "verbosity",
    ]

    /// Whether an entry defines an evaluator (it has `type:` or `check:`) rather than referring to one.
    static func isManaged(_ entry: NamedEntry) -> Bool {
        entry.value.mapping?.contains { $0.key.keyText == "type" || $0.key.keyText == "check" } ?? false
    }

    static func decode(_ entry: NamedEntry, diagnostics: inout DiagnosticList) -> EvaluatorDefinition? {
        let what = "evaluator '\(entry.name)'"
        let allowed = keys + DefinitionDecoder.evaluatorReferenceKeys
        guard let reader = MappingReader(entry.value, what, allowed: allowed, diagnostics: &diagnostics) else {
            return nil
        }
        let errorsBefore = diagnostics.errorCount
        for key in DefinitionDecoder.evaluatorReferenceKeys where reader[key] != nil {
            diagnostics.error(
                "\(what) is defined here ('type'), so it cannot also refer to one by '\(key)'; remove '\(key)'",
                at: reader.keyLocation(key))
        }
        if let check = reader["check"] {
            return decodeCheck(
                check, reader, entry: entry, what: what, errorsBefore: errorsBefore, diagnostics: &diagnostics)
        }
        let type = choice(reader, "type", types, what: what, diagnostics: &diagnostics)
        let valueType = choice(reader, "score_value_type", scoreValueTypes, what: what, diagnostics: &diagnostics)
        var definition: [String: JSONValue] = [:]
        if let type { definition["type"] = .string(type) }
        if let valueType { definition["score_value_type"] = .string(valueType) }
        if let text = reader["description"]?.string("the description of \(what)", diagnostics: &diagnostics) {
            definition["description"] = .string(text.value)
        }
        if type == "llm" {
            definition["eval_class"] = "keywordsai_custom_llm"
            definition["llm_config"] = llmConfig(reader, what: what, diagnostics: &diagnostics)
            refuse(reader, "code_file", for: "an llm evaluator", diagnostics: &diagnostics)
        } else if type == "code" {
            definition["eval_class"] = "custom_code"
            definition["code_config"] = codeConfig(reader, entry: entry, what: what, diagnostics: &diagnostics)
            refuse(reader, "llm_config", for: "a code evaluator", diagnostics: &diagnostics)
        }
        let scoring = ManagedScoreConfig.decode(reader, valueType: valueType, what: what, diagnostics: &diagnostics)
        definition["score_config"] = scoring.json
        if let node = reader["passing_conditions"] {
            guard node.mapping != nil else {
                diagnostics.error(
                    Message.expected("a mapping", for: "'passing_conditions'", got: node), at: node.location)
                return nil
            }
            definition["passing_conditions"] = node.removingExtensionKeys().jsonValue(diagnostics: &diagnostics)
        }
        guard diagnostics.errorCount == errorsBefore, let valueType else { return nil }
        let body = JSONValue.object(definition)
        let managed = ManagedEvaluator(
            definition: body, digest: ManagedDigest.of(body), scoreValueType: valueType, scoreRange: scoring.range,
            location: entry.keyLocation)
        return EvaluatorDefinition(
            name: entry.name, reference: .managed,
            location: entry.keyLocation, managed: managed)
    }

    /// `check:` (design §13): a built-in check, generated into a boolean Python code evaluator.
    private static func decodeCheck(
        _ node: YAMLNode, _ reader: MappingReader, entry: NamedEntry, what: String, errorsBefore: Int,
        diagnostics: inout DiagnosticList
    ) -> EvaluatorDefinition? {
        for key in ["type", "score_value_type", "llm_config", "code_file", "score_config", "passing_conditions"] {
            refuse(
                reader, key, for: "a check (it is a boolean code evaluator respan-plan writes)",
                diagnostics: &diagnostics)
        }
        guard let value = node.removingExtensionKeys().jsonValue(diagnostics: &diagnostics) else { return nil }
        let check: JSONValue
        switch CheckSpec.manifestCheck(value) {
        case .success(let decoded): check = decoded
        case .failure(let error):
            diagnostics.error("the check of \(what): \(error.message)", at: node.location)
            return nil
        }
        var definition: [String: JSONValue] = [
            "type": "code", "score_value_type": "boolean", "eval_class": "custom_code",
            "code_config": ["eval_code_snippet": .string(CheckCode.source(for: check))],
        ]
        if let text = reader["description"]?.string("the description of \(what)", diagnostics: &diagnostics) {
            definition["description"] = .string(text.value)
        }
        guard diagnostics.errorCount == errorsBefore else { return nil }
        let body = JSONValue.object(definition)
        var managed = ManagedEvaluator(
            definition: body, digest: ManagedDigest.of(body), scoreValueType: "boolean", scoreRange: nil,
            location: entry.keyLocation)
        managed.check = check
        return EvaluatorDefinition(name: entry.name, reference: .managed, location: entry.keyLocation, managed: managed)
    }

    private static func choice(
        _ reader: MappingReader, _ key: String, _ values: [String], what: String, diagnostics: inout DiagnosticList
    ) -> String? {
        guard let node = reader.required(key, in: what, diagnostics: &diagnostics),
            let text = node.nonEmptyString("'\(key)'", diagnostics: &diagnostics)
        else { return nil }
        guard values.contains(text.value) else {
            diagnostics.error(
                "'\(key)' of \(what) is '\(text.value)'; use \(values.map { "'\($0)'" }.joined(separator: ", "))"
                    + Suggestion.hint(for: text.value, in: values), at: text.location)
            return nil
        }
        return text.value
    }

    private static func refuse(
        _ reader: MappingReader, _ key: String, for kind: String, diagnostics: inout DiagnosticList
    ) {
        guard let location = reader.keyLocation(key) else { return }
        diagnostics.error("'\(key)' does not apply to \(kind); remove it", at: location)
    }

    private static func llmConfig(
        _ reader: MappingReader, what: String, diagnostics: inout DiagnosticList
    ) -> JSONValue? {
        guard let node = reader.required("llm_config", in: "\(what) (type llm)", diagnostics: &diagnostics),
            let config = MappingReader(node, "'llm_config'", allowed: llmKeys, diagnostics: &diagnostics)
        else { return nil }
        for key in ["model", "evaluator_definition"] {
            if let value = config.required(key, in: "the llm_config of \(what)", diagnostics: &diagnostics) {
                value.configString("'llm_config.\(key)'", diagnostics: &diagnostics)
            }
        }
        if let definition = config["evaluator_definition"], let text = definition.scalar?.text,
            text.range(of: #"\{\{\s*output\s*\}\}"#, options: .regularExpression) == nil
        {
            // Respan fills {{input}}, {{output}}, {{metadata}} and {{metrics}} (Keywords AI's LLM
            // evaluator docs); its MCP server refuses a definition that never shows the output.
            diagnostics.error(
                "the evaluator_definition of \(what) never shows the evaluator the output it scores; "
                    + "add {{output}} (Respan also fills {{input}}, {{metadata}} and {{metrics}})",
                at: definition.location)
        }
        config["scoring_rubric"]?.configString("'llm_config.scoring_rubric'", diagnostics: &diagnostics)
        let ranges: [(String, ClosedRange<Double>)] = [
            ("temperature", 0...2), ("top_p", 0...1), ("frequency_penalty", -2...2), ("presence_penalty", -2...2),
        ]
        for (key, range) in ranges {
            guard let value = config[key], let number = value.number("'llm_config.\(key)'", diagnostics: &diagnostics)
            else { continue }
            if !range.contains(number) {
                diagnostics.error(
                    "'llm_config.\(key)' must be from \(format(range.lowerBound)) to \(format(range.upperBound)), got \(format(number))",
                    at: value.location)
            }
        }
        _ = config["max_tokens"]?.integer("'llm_config.max_tokens'", minimum: 1, diagnostics: &diagnostics)
        return node.removingExtensionKeys().jsonValue(diagnostics: &diagnostics)
    }

    /// `code_file` (relative to the manifest file that names it): its text becomes
    /// `code_config.eval_code_snippet`.
    private static func codeConfig(
        _ reader: MappingReader, entry: NamedEntry, what: String, diagnostics: inout DiagnosticList
    ) -> JSONValue? {
        guard let node = reader.required("code_file", in: "\(what) (type code)", diagnostics: &diagnostics),
            let file = node.nonEmptyString("'code_file'", diagnostics: &diagnostics)
        else { return nil }
        guard file.value.lowercased().hasSuffix(".py") else {
            diagnostics.error(
                "the code_file '\(file.value)' of \(what) is not a Python file: Respan runs code evaluators as "
                    + "Python ('def main(eval_inputs):'); name a .py file", at: file.location)
            return nil
        }
        let directory = (entry.keyLocation.file as NSString).deletingLastPathComponent
        let path = ManifestFileReader.join(directory, file.value)
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read" : "does not exist"
            diagnostics.error("the code_file '\(path)' of \(what) \(reason)", at: file.location)
            return nil
        }
        guard let text = String(data: data, encoding: .utf8),
            !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        else {
            diagnostics.error("the code_file '\(path)' of \(what) is empty or not UTF-8 text", at: file.location)
            return nil
        }
        return ["eval_code_snippet": .string(text)]
    }

    static func format(_ number: Double) -> String {
        number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
    }
}
