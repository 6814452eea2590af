import Crypto
import Foundation
import RespanCore

/// `score_config` of a managed evaluator: `{min_score, max_score}` for numerical scores,
/// `{choices: [{name, value}]}` for categorical ones.
struct ManagedScoreConfig {
    var json: JSONValue?
    var range: ClosedRange<Double>?

    static func decode(
        _ reader: MappingReader, valueType: String?, what: String, diagnostics: inout DiagnosticList
    ) -> ManagedScoreConfig {
        guard let node = reader["score_config"] else {
            if valueType == "categorical" {
                diagnostics.error(
                    "\(what) scores categories; give 'score_config: { choices: [{ name: …, value: … }] }'",
                    at: reader.node.location)
            }
            return ManagedScoreConfig()
        }
        guard
            let config = MappingReader(
                node, "'score_config'", allowed: ["min_score", "max_score", "choices"], diagnostics: &diagnostics)
        else { return ManagedScoreConfig() }
        var result = ManagedScoreConfig(json: node.jsonValue(skippingExtensionKeys: true, diagnostics: &diagnostics))
        let minimum = config["min_score"]?.number("'score_config.min_score'", diagnostics: &diagnostics)
        let maximum = config["max_score"]?.number("'score_config.max_score'", diagnostics: &diagnostics)
        if (minimum != nil || maximum != nil) && valueType != "numerical" {
            diagnostics.error(
                "'min_score' and 'max_score' apply to numerical scores; \(what) scores \(valueType ?? "another type")",
                at: config.keyLocation("min_score") ?? config.keyLocation("max_score"))
        } else if let minimum, let maximum {
            if minimum < maximum {
                result.range = minimum...maximum
            } else {
                diagnostics.error(
                    "'score_config.min_score' (\(Message.number(minimum))) must be below 'max_score' (\(Message.number(maximum)))",
                    at: config["min_score"]?.location)
            }
        } else if minimum != nil || maximum != nil {
            diagnostics.error(
                "give both 'min_score' and 'max_score' in the score_config of \(what)", at: node.location)
        }
        checkChoices(config, valueType: valueType, what: what, diagnostics: &diagnostics)
        return result
    }

    private static func checkChoices(
        _ config: MappingReader, valueType: String?, what: String, diagnostics: inout DiagnosticList
    ) {
        guard let node = config["choices"] else {
            if valueType == "categorical" {
                diagnostics.error(
                    "\(what) scores categories; give 'choices: [{ name: …, value: … }]'", at: config.node.location)
            }
            return
        }
        guard valueType == "categorical" else {
            diagnostics.error(
                "'choices' apply to categorical scores; \(what) scores \(valueType ?? "another type")",
                at: node.location)
            return
        }
        guard let items = node.sequence, !items.isEmpty else {
            diagnostics.error(Message.expected("a non-empty list", for: "'choices'", got: node), at: node.location)
            return
        }
        for item in items {
            guard let choice = MappingReader(item, "a choice", allowed: ["name", "value"], diagnostics: &diagnostics)
            else { continue }
            _ = choice.required("name", in: "a choice", diagnostics: &diagnostics)?.nonEmptyString(
                "'name'", diagnostics: &diagnostics)
            _ = choice.required("value", in: "a choice", diagnostics: &diagnostics)?.number(
                "'value'", diagnostics: &diagnostics)
        }
    }
}

/// SHA-256 of canonical JSON, as `sha256:HEX`: a managed evaluator's identity.
public enum ManagedDigest {
    public static func of(_ value: JSONValue) -> String {
        DatasetFile.hex(SHA256.hash(data: Data(value.serialized().utf8)))
    }
}

/// `gates:` that name a managed evaluator must fit what it scores: means within
/// `score_config`'s range (0–1 for booleans), a regression no larger than the range, and a
/// pass rate only for boolean scores.
enum ManagedGateCheck {
    static func check(
        _ experiments: [ResolvedExperiment], evaluators: [String: EvaluatorDefinition],
        diagnostics: inout DiagnosticList
    ) {
        var reported: Set<SourceLocation> = []
        for experiment in experiments {
            for gate in experiment.gates where !reported.contains(gate.location) {
                guard let managed = evaluators[gate.evaluator]?.managed else { continue }
                let problems = problems(gate, managed)
                if !problems.isEmpty { reported.insert(gate.location) }
                for problem in problems { diagnostics.error(problem, at: gate.location) }
            }
        }
    }

    static func problems(_ gate: Gate, _ evaluator: ManagedEvaluator) -> [String] {
        let name = "the gate on '\(gate.evaluator)'"
        let format = Message.number
        var found: [String] = []
        for (key, set) in [
            ("min_pass_rate", gate.minPassRate != nil), ("min_row_pass_rate", gate.minRowPassRate != nil),
        ]
        where set && evaluator.scoreValueType != "boolean" {
            found.append(
                "\(name) sets \(key), but '\(gate.evaluator)' scores \(evaluator.scoreValueType) values, not booleans; use min_mean"
            )
        }
        let range = evaluator.scoreValueType == "boolean" ? 0...1 : evaluator.scoreRange
        guard let range else { return found }
        let span = "from \(format(range.lowerBound)) to \(format(range.upperBound))"
        for (key, value) in [("min_mean", gate.minMean), ("max_mean", gate.maxMean)] {
            if let value, !range.contains(value) {
                found.append(
                    "\(name): \(key) \(format(value)) is outside the scores '\(gate.evaluator)' gives (\(span), its score_config)"
                )
            }
        }
        if let value = gate.maxRegression, value > range.upperBound - range.lowerBound {
            found.append(
                "\(name): max_regression \(format(value)) is larger than the whole score range (\(span)); it could never fail"
            )
        }
        return found
    }
}
