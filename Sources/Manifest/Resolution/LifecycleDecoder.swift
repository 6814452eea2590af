import RespanCore

/// `gates`, `protect`, `ignore_changes` and `replace_strategy` of one experiment.
enum LifecycleDecoder {
    struct Lifecycle {
        var gates: [Gate] = []
        var protect = false
        var ignoreChanges: Set<String> = []
        var replaceStrategy = ReplaceStrategy.recreate
        /// `repeats: N`: N runs, keyed `KEY#1` … `KEY#N`; nil when not asked for.
        var repeats: Int?
    }

    static func decode(
        _ reader: MappingReader, scoring: Scoring, inheritedGates: Set<String> = [], diagnostics: inout DiagnosticList
    ) -> Lifecycle {
        var lifecycle = Lifecycle()
        if let node = reader["repeats"],
            let count = node.integer("'repeats'", minimum: Int.min, diagnostics: &diagnostics)
        {
            if (1...Vocabulary.maxRepeats).contains(count) {
                lifecycle.repeats = count
            } else {
                diagnostics.error(
                    "'repeats' is how many runs to make, from 1 to \(Vocabulary.maxRepeats); got \(count)",
                    at: node.location)
            }
        }
        if let node = reader["protect"], let value = node.bool("'protect'", diagnostics: &diagnostics) {
            lifecycle.protect = value
        }
        if let node = reader["replace_strategy"],
            let text = node.string("'replace_strategy'", diagnostics: &diagnostics)
        {
            if let strategy = ReplaceStrategy(rawValue: text.value) {
                lifecycle.replaceStrategy = strategy
            } else {
                let names = ReplaceStrategy.allCases.map(\.rawValue)
                diagnostics.error(
                    "unknown replace_strategy '\(text.value)'" + Suggestion.hint(for: text.value, in: names)
                        + " (one of \(names.joined(separator: ", ")))", at: text.location)
            }
        }
        if let node = reader["ignore_changes"],
            let fields = node.stringList("'ignore_changes'", diagnostics: &diagnostics)
        {
            for field in fields {
                guard let covered = Vocabulary.ignorableFields[field.value] else {
                    diagnostics.error(
                        "'\(field.value)' cannot be ignored"
                            + Suggestion.hint(for: field.value, in: Vocabulary.ignorableFields.keys)
                            + " (fields: \(Vocabulary.ignorableFields.keys.sorted().joined(separator: ", ")))",
                        at: field.location)
                    continue
                }
                lifecycle.ignoreChanges.formUnion(covered)
            }
        }
        if let node = reader["gates"] {
            lifecycle.gates = gates(node, scoring: scoring, inherited: inheritedGates, diagnostics: &diagnostics)
        }
        return lifecycle
    }

    private static func gates(
        _ node: YAMLNode, scoring: Scoring, inherited: Set<String>, diagnostics: inout DiagnosticList
    ) -> [Gate] {
        guard let pairs = node.mapping else {
            diagnostics.error(
                Message.expected("a mapping of evaluator names", for: "'gates'", got: node), at: node.location)
            return []
        }
        var gates: [Gate] = []
        for pair in pairs {
            guard let name = MappingReader.stringKey(pair.key, diagnostics: &diagnostics),
                !Vocabulary.isExtensionKey(name)
            else {
                continue
            }
            guard let scoreKey = scoring.scoreKeys[name] else {
                // A default gate for an evaluator this experiment does not use is not its gate.
                if inherited.contains(name) { continue }
                diagnostics.error(
                    "gate for '\(name)', which is not an evaluator of this experiment"
                        + Suggestion.hint(for: name, in: scoring.scoreKeys.keys), at: pair.key.location)
                continue
            }
            // Named only in messages: built when there is one.
            let what = { "gate '\(name)'" }
            guard
                let reader = MappingReader(pair.value, what(), allowed: Vocabulary.gateKeys, diagnostics: &diagnostics)
            else { continue }
            if reader.keys.isEmpty && pair.value.mapping?.isEmpty == false { continue }  // unknown keys, reported
            guard !reader.keys.isEmpty else {
                diagnostics.error(
                    "\(what()) has no condition; give \(Vocabulary.gateKeys.joined(separator: ", "))",
                    at: pair.value.location)
                continue
            }
            func bound(_ key: String) -> GateBound? {
                reader[key].flatMap { GateBound.decode($0, key: key, diagnostics: &diagnostics) }
            }
            if let node = reader["max_mean"]?.mapping?.first(where: { $0.key.keyText == "confidence" }) {
                diagnostics.error(
                    "'confidence' applies to min_mean, min_pass_rate and max_regression; give 'max_mean' as a number",
                    at: node.key.location)
            }
            let passRateBound = bound("min_pass_rate")
            var passRate = passRateBound?.value
            if let rate = passRate, !(0...1).contains(rate), let node = reader["min_pass_rate"] {
                diagnostics.error(
                    "'min_pass_rate' is a share of passing scores from 0 to 1, got \(rate)", at: node.location)
                passRate = nil
            }
            var rowPassRate = reader["min_row_pass_rate"]?.number("'min_row_pass_rate'", diagnostics: &diagnostics)
            if let rate = rowPassRate, !(0...1).contains(rate), let node = reader["min_row_pass_rate"] {
                diagnostics.error(
                    "'min_row_pass_rate' is the share of its runs a row must pass in, from 0 to 1, got \(rate)",
                    at: node.location)
                rowPassRate = nil
            }
            let minMean = bound("min_mean"), maxRegression = bound("max_regression")
            var gate = Gate(
                evaluator: name, scoreKey: scoreKey, minMean: minMean?.value, maxMean: bound("max_mean")?.value,
                maxRegression: maxRegression?.value, minPassRate: passRate, location: pair.key.location)
            gate.minMeanConfidence = minMean?.confidence
            gate.maxRegressionConfidence = maxRegression?.confidence
            gate.minPassRateConfidence = passRate == nil ? nil : passRateBound?.confidence
            gate.minRowPassRate = rowPassRate
            gates.append(gate)
        }
        return gates.sorted { $0.evaluator < $1.evaluator }
    }
}
