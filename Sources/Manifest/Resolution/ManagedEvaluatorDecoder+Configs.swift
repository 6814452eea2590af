import Foundation
import RespanCore

/// The `llm_config` and `code_config` of a managed evaluator.
extension ManagedEvaluatorDecoder {
    static func llmConfig(
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
        SamplingRanges.check(prefix: "llm_config.", diagnostics: &diagnostics) { config[$0] }
        _ = config["max_tokens"]?.integer("'llm_config.max_tokens'", minimum: 1, diagnostics: &diagnostics)
        return node.jsonValue(skippingExtensionKeys: true, diagnostics: &diagnostics)
    }

    /// `code_file` (relative to the manifest file that names it): its text becomes
    /// `code_config.eval_code_snippet`.
    static func codeConfig(
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
}
