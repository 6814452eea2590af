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
            definition["passing_conditions"] = node.jsonValue(skippingExtensionKeys: true, diagnostics: &diagnostics)
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
        guard let value = node.jsonValue(skippingExtensionKeys: true, diagnostics: &diagnostics) else { return nil }
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
}
