import RespanCore

/// The evaluators of one experiment, checked against Respan's rule of exactly one scoring path.
struct Scoring {
    /// Body field → values (`evaluator_ids`, `evaluator_slugs`, `evaluator_workflow_ids`).
    var fields: [String: [String]] = [:]
    /// Names a gate may use → the id or slug its scores are reported under (for a managed
    /// evaluator its name, until its id is known).
    var scoreKeys: [String: String] = [:]
    /// Managed evaluators, by their place in `evaluator_ids`.
    var uses: [ManagedUse] = []
    var location: SourceLocation?
}

struct ScoringDecoder {
    let definitions: ExperimentResolver.Definitions

    static let rawFields = ["evaluator_ids", "evaluator_slugs", "evaluator_workflow_ids"]

    func decode(_ reader: MappingReader, experimentAt: SourceLocation, diagnostics: inout DiagnosticList) -> Scoring {
        var scoring = Scoring()
        let errorsBefore = diagnostics.errorCount
        // An experiment lists a few evaluators: a scan finds a repeat without hashing.
        var firstSeen: [Marked<String>] = []
        func add(_ field: String, _ value: Marked<String>, gateName: String, managed: Bool = false) {
            if let first = firstSeen.first(where: { $0.value == value.value }) {
                diagnostics.error(
                    "evaluator '\(gateName)' is listed twice", at: value.location,
                    notes: [.init("first listed here", at: first.location)])
                return
            }
            firstSeen.append(value)
            scoring.scoreKeys[gateName] = value.value
            guard managed else { return scoring.fields[field, default: []].append(value.value) }
            let position = (scoring.fields[field]?.count ?? 0) + scoring.uses.count
            scoring.fields[field, default: []] += []
            scoring.uses.append(ManagedUse(.evaluator(gateName), slot: .evaluatorID(index: position)))
        }
        if let node = reader["evaluators"], let names = node.stringList("'evaluators'", diagnostics: &diagnostics) {
            scoring.location = node.location
            for name in names {
                guard let definition = definitions.evaluators[name.value] else {
                    // Its definition's errors are reported; its gates still name an evaluator.
                    if definitions.brokenEvaluators.contains(name.value) {
                        scoring.scoreKeys[name.value] = name.value
                        continue
                    }
                    diagnostics.error(
                        "unknown evaluator '\(name.value)'"
                            + Suggestion.hint(for: name.value, in: definitions.evaluators.keys), at: name.location)
                    continue
                }
                let (field, value) = Self.field(for: definition.reference, name: name.value)
                add(field, Marked(value, at: name.location), gateName: name.value, managed: definition.managed != nil)
            }
        }
        for field in Self.rawFields {
            guard let node = reader[field], let values = node.stringList("'\(field)'", diagnostics: &diagnostics) else {
                continue
            }
            scoring.location = scoring.location ?? node.location
            for value in values { add(field, value, gateName: value.value) }
        }
        let reported = diagnostics.errorCount > errorsBefore
        check(scoring, reported: reported, experimentAt: experimentAt, diagnostics: &diagnostics)
        return scoring
    }

    static func field(for reference: EvaluatorDefinition.Reference, name: String) -> (String, String) {
        switch reference {
        case .id(let id): ("evaluator_ids", id)
        case .managed: ("evaluator_ids", name)
        case .slug(let slug): ("evaluator_slugs", slug)
        case .workflowVersion(let id): ("evaluator_workflow_ids", id)
        }
    }

    /// `reported`: whether reading the evaluators already reported an error; then an empty
    /// result comes from it, and "no evaluators" would only repeat it. An empty list is no
    /// scoring path, whether written here or in `defaults`.
    private func check(
        _ scoring: Scoring, reported: Bool, experimentAt: SourceLocation, diagnostics: inout DiagnosticList
    ) {
        let ids = scoring.fields["evaluator_ids"] != nil
        let slugs = scoring.fields["evaluator_slugs"] != nil
        let workflows = scoring.fields["evaluator_workflow_ids"] != nil
        if !ids && !slugs && !workflows {
            if reported { return }
            diagnostics.error(
                "no evaluators: Respan needs exactly one scoring path; give 'evaluators' (here or in 'defaults')",
                at: experimentAt)
        } else if workflows && (ids || slugs) {
            diagnostics.error(
                "Respan takes exactly one scoring path: evaluators by id or slug, or evaluator workflows, not both",
                at: scoring.location)
        } else if ids && slugs {
            diagnostics.error(
                "evaluators given by id and by slug: Respan ignores evaluator_slugs when evaluator_ids is sent; "
                    + "refer to all of them the same way", at: scoring.location)
        }
    }
}
