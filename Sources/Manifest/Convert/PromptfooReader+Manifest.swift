import Foundation
import RespanCore

/// The converted suite's manifest text and the names in it.
extension PromptfooReader {
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
