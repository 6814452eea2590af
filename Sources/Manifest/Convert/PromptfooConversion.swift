import Foundation
import RespanCore

/// `respan-plan convert --from promptfoo` (design §13): a promptfoo config made into a suite
/// of this tool — a manifest, the tests as a dataset file whose rows carry their checks, and
/// the prompts as prompt files — with every feature it could not translate listed, never
/// dropped in silence.
///
/// - `prompts` (inline, or `file://`) → one manifest prompt per prompt and provider (Respan keeps
///   the model in the prompt version), the experiment a matrix over them.
/// - `providers` (`openai:…`, `anthropic:messages:…`, `vertex:…`, …, with `config.temperature`
///   and `max_tokens`) → the prompts' model and settings; custom and HTTP providers are listed.
/// - `tests` (a list, or a `file://…csv` with `__expected` columns) and `defaultTest` → rows:
///   `vars` as the input (`file://` values inlined), the checks it can generate as the row's
///   `assert`, an `llm-rubric`'s rubric in the row's metadata for an LLM evaluator.
public struct PromptfooConversion: Sendable {
    /// Files to write, relative to the output folder → their text.
    public var files: [String: String] = [:]
    /// What was translated, one line a feature.
    public var translated: [String] = []
    /// What was not, one line each, saying why.
    public var notTranslated: [String] = []
    public var diagnostics = DiagnosticList()

    /// Whether a promptfoo assertion type (`icontains-any`, `not-regex`…) is one of the
    /// built-in checks (`CheckSpec.kinds`, hyphens read as underscores).
    static func isCheck(_ type: String) -> Bool {
        let kind = type.replacingOccurrences(of: "-", with: "_")
        return CheckSpec.kinds.contains(kind.hasPrefix("not_") ? String(kind.dropFirst(4)) : kind)
    }

    public init() {}

    /// Reads the config at `path` (its `file://` references relative to its folder).
    public static func convert(path: String) -> PromptfooConversion {
        var conversion = PromptfooConversion()
        guard let bytes = ManifestFileReader.bytes(atPath: path) else {
            conversion.diagnostics.error("cannot read the promptfoo config '\(path)'", at: nil)
            return conversion
        }
        var diagnostics = DiagnosticList()
        let (node, found) = YAMLLoader.loadDocument(bytes, file: path)
        diagnostics.append(contentsOf: found.sorted)
        guard let config = node?.jsonValue(diagnostics: &diagnostics), config.objectValue != nil else {
            if !diagnostics.hasErrors {
                diagnostics.error(
                    "'\(path)' is not a promptfoo config (a mapping)",
                    at: SourceLocation(file: path, line: 1, column: 1))
            }
            conversion.diagnostics = diagnostics
            return conversion
        }
        var reader = PromptfooReader(folder: (path as NSString).deletingLastPathComponent, conversion: conversion)
        reader.read(config)
        return reader.conversion
    }
}

/// The conversion's steps over one config.
struct PromptfooReader {
    let folder: String
    var conversion: PromptfooConversion

    mutating func read(_ config: JSONValue) {
        let prompts = self.prompts(config["prompts"])
        let providers = self.providers(config["providers"])
        var rows: [JSONValue] = []
        var usesRubric = false
        let defaults = config["defaultTest"]
        listDefaultsNotTranslated(defaults)
        // promptfoo renders a variable a test leaves unset as empty text; so do the rows.
        let variables = Set(prompts.flatMap { PromptDecoder.variables(in: $0.messages) })
        for (index, test) in tests(config["tests"]).enumerated() {
            let row = self.row(test, defaults: defaults, number: index + 1, variables: variables)
            usesRubric = usesRubric || row["metadata"]?["rubric"] != nil
            rows.append(row)
        }
        for key in (config.objectValue ?? [:]).keys.sorted()
        where !["description", "prompts", "providers", "tests", "defaultTest", "passRateThreshold"].contains(key) {
            conversion.notTranslated.append("'\(key)': not a part of a suite respan-plan keeps (left out)")
        }
        let missing = [
            prompts.isEmpty ? "no prompt that is a template" : nil,
            providers.isEmpty ? "no provider that is a hosted model" : nil, rows.isEmpty ? "no test" : nil,
        ].compactMap { $0 }
        guard missing.isEmpty else {
            conversion.diagnostics.error(
                "nothing to run: the config has " + missing.joined(separator: ", ")
                    + " (see what was not translated, and why)", at: nil)
            return
        }
        var names: [String] = [], section = ""
        for (p, prompt) in prompts.enumerated() {
            let file = "prompts/p\(p + 1).\(prompt.isChat ? "json" : "txt")"
            conversion.files[file] = prompt.text
            for provider in providers {
                let name = providers.count == 1 ? "p\(p + 1)" : "p\(p + 1)-\(Self.slug(provider.model))"
                names.append(name)
                section += "  \(name):\n    model: \(Self.quoted(provider.model))\n"
                section += "    file: \(Self.quoted(file))\n"
                for (key, value) in provider.settings.sorted(by: { $0.key < $1.key }) {
                    section += "    \(key): \(value.serialized())\n"
                }
            }
        }
        // Rows with checks are scored by them (check: row needs every row to carry some); all
        // rows by the rubric. When only some rows have checks, those are a dataset of their own.
        let checked = rows.filter { $0["metadata"]?["assert"] != nil }
        guard !checked.isEmpty || usesRubric else {
            conversion.diagnostics.error(
                "no test has an assertion respan-plan can translate (see the list of what was not)", at: nil)
            return
        }
        for (index, row) in rows.enumerated() where row["metadata"]?["assert"] == nil && !usesRubric {
            conversion.notTranslated.append("test \(index + 1): nothing left to score it by (no check and no rubric)")
        }
        var plan = SuitePlan(names: names, rubric: usesRubric)
        if let threshold = config["passRateThreshold"]?.numberValue?.doubleValue, (0...1).contains(threshold) {
            plan.passRate = threshold
            conversion.translated.append("passRateThreshold \(threshold) → a min_pass_rate gate on the checks")
        }
        if checked.count == rows.count {
            plan.checksOnAll = true
        } else if !checked.isEmpty {
            plan.checkedRows = true
            conversion.files["data/checked.jsonl"] = Self.jsonl(checked)
        }
        // All the rows, where an experiment reads them (the rubric, or checks on every row).
        if plan.checksOnAll || plan.rubric { conversion.files["data/tests.jsonl"] = Self.jsonl(rows) }
        conversion.files["experiments.yaml"] = manifest(
            description: config["description"]?.stringValue, prompts: section, plan: plan)
        conversion.translated.append(
            "\(prompts.count) prompt(s) × \(providers.count) provider(s) → \(names.count) prompts, one experiment over them"
        )
        conversion.translated.append("\(rows.count) test(s) → data/tests.jsonl, each row with its own checks")
    }

    static func jsonl(_ rows: [JSONValue]) -> String { rows.map { $0.serialized() }.joined(separator: "\n") + "\n" }
}

/// Which experiments the suite needs: the checks on every row, or on the rows that have some
/// (`checked`), and the rubric on every row.
struct SuitePlan {
    var names: [String]
    var rubric: Bool
    var checksOnAll = false
    var checkedRows = false
    /// `passRateThreshold`, as the checks' `min_pass_rate` gate.
    var passRate: Double? = nil
}
