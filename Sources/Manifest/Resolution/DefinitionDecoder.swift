import RespanCore

/// Decodes the named definitions that experiments refer to: datasets and evaluators.
enum DefinitionDecoder {
    static func datasets(_ entries: [NamedEntry], diagnostics: inout DiagnosticList) -> [String: DatasetDefinition] {
        var result: [String: DatasetDefinition] = [:]
        for entry in entries {
            if ManagedDatasetDecoder.isManaged(entry) {
                result[entry.name] = ManagedDatasetDecoder.decode(entry, diagnostics: &diagnostics)
                continue
            }
            let what = "dataset '\(entry.name)'"
            guard
                let reader = MappingReader(
                    entry.value, what, allowed: ["id", "description", "file"], diagnostics: &diagnostics),
                let id = reader.required("id", in: what, diagnostics: &diagnostics)?
                    .nonEmptyString("the id of \(what)", diagnostics: &diagnostics)
            else { continue }
            _ = reader["description"]?.string("the description of \(what)", diagnostics: &diagnostics)
            result[entry.name] = DatasetDefinition(name: entry.name, id: id.value, location: entry.keyLocation)
        }
        return result
    }

    static let evaluatorReferenceKeys = ["id", "slug", "workflow_version_id"]

    static func evaluators(_ entries: [NamedEntry], diagnostics: inout DiagnosticList) -> [String: EvaluatorDefinition]
    {
        var result: [String: EvaluatorDefinition] = [:]
        for entry in entries {
            if ManagedEvaluatorDecoder.isManaged(entry) {
                result[entry.name] = ManagedEvaluatorDecoder.decode(entry, diagnostics: &diagnostics)
                continue
            }
            let what = "evaluator '\(entry.name)'"
            guard
                let reader = MappingReader(
                    entry.value, what, allowed: evaluatorReferenceKeys + ["description"], diagnostics: &diagnostics)
            else { continue }
            _ = reader["description"]?.string("the description of \(what)", diagnostics: &diagnostics)
            let given = evaluatorReferenceKeys.filter { reader[$0] != nil }
            guard given.count == 1, let key = given.first, let node = reader[key] else {
                let message =
                    given.isEmpty
                    ? "\(what) needs one of 'id', 'slug' or 'workflow_version_id'"
                    : "\(what) gives \(given.map { "'\($0)'" }.joined(separator: " and ")); give exactly one"
                diagnostics.error(message, at: given.count > 1 ? reader.keyLocation(given[1]) : entry.value.location)
                continue
            }
            guard let value = node.nonEmptyString("the \(key) of \(what)", diagnostics: &diagnostics) else { continue }
            let reference: EvaluatorDefinition.Reference =
                switch key {
                case "id": .id(value.value)
                case "slug": .slug(value.value)
                default: .workflowVersion(value.value)
                }
            result[entry.name] = EvaluatorDefinition(
                name: entry.name, reference: reference, location: entry.keyLocation)
        }
        return result
    }

    /// `moved:` entries, checked against the experiment keys that exist after expansion.
    static func moved(
        _ items: [YAMLNode], experimentKeys: Set<String>, diagnostics: inout DiagnosticList
    ) -> [MovedEntry] {
        var result: [MovedEntry] = []
        var sources: [String: SourceLocation] = [:]
        for item in items {
            guard
                let reader = MappingReader(
                    item, "a 'moved' entry", allowed: ["from", "to"], diagnostics: &diagnostics),
                let from = reader.required("from", in: "a 'moved' entry", diagnostics: &diagnostics)?
                    .nonEmptyString("'from'", diagnostics: &diagnostics),
                let to = reader.required("to", in: "a 'moved' entry", diagnostics: &diagnostics)?
                    .nonEmptyString("'to'", diagnostics: &diagnostics)
            else { continue }
            if let first = sources[from.value] {
                diagnostics.error(
                    "'\(from.value)' is moved twice", at: from.location,
                    notes: [.init("first moved here", at: first)])
                continue
            }
            sources[from.value] = from.location
            if experimentKeys.contains(from.value) {
                diagnostics.error(
                    "'\(from.value)' is still an experiment in the manifest; 'from' names the old key",
                    at: from.location)
            }
            if !experimentKeys.contains(to.value) {
                diagnostics.error(
                    "moved to '\(to.value)', which is not an experiment in the manifest"
                        + Suggestion.hint(for: to.value, in: experimentKeys), at: to.location)
            }
            result.append(MovedEntry(from: from, to: to))
        }
        for entry in result where sources[entry.to.value] != nil {
            diagnostics.error(
                "'\(entry.to.value)' is both moved to and moved from; move the old key straight to the new one",
                at: entry.to.location)
        }
        return result
    }
}
