import Foundation
import RespanCore

/// Tests as rows: their vars, their checks, `defaultTest`.
extension PromptfooReader {
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
}
