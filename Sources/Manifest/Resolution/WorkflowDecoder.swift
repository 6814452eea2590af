import RespanCore

/// Decodes a workflow (a name from `workflows:` or an inline list) into the API's steps.
struct WorkflowDecoder {
    let definitions: ExperimentResolver.Definitions
    let context: InterpolationContext

    func steps(_ node: YAMLNode, diagnostics: inout DiagnosticList) -> JSONValue? {
        if let name = node.scalar?.textValue {
            guard let entry = definitions.workflows[name] else {
                let hint =
                    definitions.workflows.isEmpty
                    ? "; define it under 'workflows:' or write the steps inline"
                    : Suggestion.hint(for: name, in: definitions.workflows.keys)
                diagnostics.error("unknown workflow '\(name)'" + hint, at: node.location)
                return nil
            }
            // A named workflow decodes the same wherever the values it reads are the same: once
            // per distinct matrix values when it holds `${{ }}`, once in all when it does not.
            let matrix = entry.value.hasExpression ? context.matrix : [:]
            let decoded = context.cache.workflow(name, matrix: matrix) { found in
                let interpolated = Interpolation.apply(entry.value, context, diagnostics: &found)
                return inlineSteps(interpolated, what: "workflow '\(name)'", diagnostics: &found)
            }
            diagnostics.append(contentsOf: decoded.diagnostics)
            return decoded.steps
        }
        return inlineSteps(node, what: "'workflow'", diagnostics: &diagnostics)
    }

    /// Checks a named workflow's shape once, whether or not an experiment uses it.
    static func checkShape(_ entry: NamedEntry, diagnostics: inout DiagnosticList) {
        guard entry.value.sequence == nil else { return }
        diagnostics.error(
            Message.expected("a list of steps", for: "workflow '\(entry.name)'", got: entry.value),
            at: entry.value.location)
    }

    private func inlineSteps(_ node: YAMLNode, what: String, diagnostics: inout DiagnosticList) -> JSONValue? {
        guard let items = node.sequence else {
            diagnostics.error(
                Message.expected("a workflow name or a list of steps", for: what, got: node), at: node.location)
            return nil
        }
        guard !items.isEmpty else {
            diagnostics.error("\(what) has no steps; give at least one", at: node.location)
            return nil
        }
        let steps = items.map { step($0, diagnostics: &diagnostics) }
        return steps.contains(where: { $0 == nil }) ? nil : .array(steps.compactMap { $0 })
    }

    private func step(_ node: YAMLNode, diagnostics: inout DiagnosticList) -> JSONValue? {
        guard
            let reader = MappingReader(
                node, "a workflow step", allowed: ["type", "config"], diagnostics: &diagnostics),
            let typeNode = reader.required("type", in: "a workflow step", diagnostics: &diagnostics),
            let type = typeNode.nonEmptyString("the step 'type'", diagnostics: &diagnostics)
        else { return nil }
        guard Vocabulary.stepTypes.contains(type.value) else {
            let hint =
                type.value == "evaluator"
                ? "; the API calls it 'eval'" : Suggestion.hint(for: type.value, in: Vocabulary.stepTypes)
            diagnostics.error(
                "unknown step type '\(type.value)'\(hint) (one of \(Vocabulary.stepTypes.joined(separator: ", ")))",
                at: type.location)
            return nil
        }
        var config: JSONValue = .object([:])
        if let configNode = reader["config"] {
            guard configNode.mapping != nil else {
                diagnostics.error(
                    Message.expected("a mapping", for: "the step 'config'", got: configNode), at: configNode.location)
                return nil
            }
            guard let value = configNode.jsonValue(skippingExtensionKeys: true, diagnostics: &diagnostics) else {
                return nil
            }
            StepRules.check(type: type.value, config: configNode, stepAt: typeNode.location, diagnostics: &diagnostics)
            config = value
        } else {
            StepRules.check(
                type: type.value, config: YAMLNode(.mapping([]), at: node.location), stepAt: typeNode.location,
                diagnostics: &diagnostics)
        }
        return .object(["type": .string(type.value), "config": config])
    }
}

/// What Respan documents about each step type's config, checked before any request is sent.
enum StepRules {
    static func check(type: String, config: YAMLNode, stepAt: SourceLocation, diagnostics: inout DiagnosticList) {
        // A config has a handful of keys, each written once (duplicates are refused): a scan
        // finds one faster than building a dictionary would.
        let fields = StepFields(pairs: config.mapping ?? [])
        warnAboutTypos(type: type, config: config, diagnostics: &diagnostics)
        switch type {
        case "completion":
            if let model = fields["model"] {
                model.configString("'model'", diagnostics: &diagnostics)
            } else {
                diagnostics.error("a completion step needs 'model' in its config", at: stepAt)
            }
            SamplingRanges.check(diagnostics: &diagnostics) { fields[$0] }
            _ = fields["max_tokens"]?.integer("'max_tokens'", minimum: 1, diagnostics: &diagnostics)
        case "prompt":
            let given = ["prompt", "prompt_id", "prompt_slug"].filter { fields[$0] != nil }
            if given.count != 1 {
                diagnostics.error(
                    "a prompt step needs exactly one of 'prompt' (a name from 'prompts:'), 'prompt_id' or "
                        + "'prompt_slug' in its config", at: stepAt)
            }
            if given == ["prompt"], let version = fields["version"] {
                diagnostics.error(
                    "'version' does not go with 'prompt': a manifest's prompt is one version per content, chosen by apply",
                    at: version.location)
            }
        default:
            break
        }
    }

    /// The config keys respan-api.md §2.3 documents per step type; `wait` and `eval` configs
    /// are undocumented, so nothing is known to be a typo there.
    static let documentedKeys: [String: [String]] = [
        "completion": [
            "model", "temperature", "max_tokens", "top_p", "frequency_penalty", "presence_penalty", "stop",
            "response_format", "tools", "tool_choice", "reasoning_effort",
        ],
        "prompt": ["prompt", "prompt_id", "prompt_slug", "version"],
        "condition": ["condition_policy"],
        "duplicate": ["name"],
    ]

    /// A key the docs do not list but that is close to one they do is most likely a typo that
    /// Respan would ignore, running (and billing) another experiment than meant: a warning
    /// (`validate --strict` makes it an error). Other keys pass, as the config is open.
    private static func warnAboutTypos(type: String, config: YAMLNode, diagnostics: inout DiagnosticList) {
        guard let known = documentedKeys[type], let pairs = config.mapping else { return }
        // By index: copying a pair out of the array costs more than reading its key in place.
        for index in pairs.indices {
            guard let key = pairs[index].key.keyText, !Vocabulary.isExtensionKey(key), !known.contains(key),
                let suggestion = Suggestion.closest(to: key, in: known)
            else { continue }
            diagnostics.append(
                .warning(
                    "unknown key '\(key)' in the config of a \(type) step; did you mean '\(suggestion)'? "
                        + "(it would be sent as written)", at: pairs[index].key.location))
        }
    }
}

/// A step config's values by key.
private struct StepFields {
    let pairs: [YAMLPair]

    subscript(key: String) -> YAMLNode? {
        pairs.indices.first { pairs[$0].key.keyText == key }.map { pairs[$0].value }
    }
}

/// What decoding a named workflow gave: its steps and findings, reused by every experiment
/// that reads it with the same values (`ResolutionCache`); the findings are reported only where
/// an experiment uses it, as if it were decoded there.
struct DecodedWorkflow: Sendable {
    var steps: JSONValue?
    var diagnostics: [Diagnostic]
}
