import RespanCore

/// Decodes one interpolated experiment mapping into its create body and lifecycle options.
struct ExperimentDecoder {
    let key: String
    let location: SourceLocation
    let definitions: ExperimentResolver.Definitions
    let context: InterpolationContext
    /// Gates taken from `defaults`: they apply where the experiment scores with their
    /// evaluator, and are skipped where it does not (its own evaluators replaced the default).
    let inheritedGates: Set<String>
    private(set) var body: [String: JSONValue] = [:]
    private(set) var fieldLocations: [String: SourceLocation] = [:]
    private(set) var managedUses: [ManagedUse] = []

    init(
        key: String, location: SourceLocation, definitions: ExperimentResolver.Definitions,
        context: InterpolationContext, inheritedGates: Set<String> = []
    ) {
        self.key = key
        self.location = location
        self.definitions = definitions
        self.context = context
        self.inheritedGates = inheritedGates
        // Room for a typical body's fields at once, instead of growing (and rehashing) on the way.
        body.reserveCapacity(12)
        fieldLocations.reserveCapacity(12)
    }

    /// `node` is the experiment's mapping merged with its defaults and interpolated, `keys` its
    /// pairs' keys in order: they were checked where they were written (`ExperimentResolver`),
    /// so they are read once.
    mutating func decode(
        _ node: YAMLNode, keys: [String], what: @autoclosure () -> String, diagnostics: inout DiagnosticList
    ) -> ResolvedExperiment? {
        let reader = MappingReader(checked: node, keys: keys)
        decodeText(reader, diagnostics: &diagnostics)
        decodeDataset(reader, diagnostics: &diagnostics)
        if let workflow = reader.required("workflow", in: what(), diagnostics: &diagnostics),
            let steps = WorkflowDecoder(definitions: definitions, context: context).steps(
                workflow, diagnostics: &diagnostics)
        {
            set(
                "workflow", usingPrompts(steps, at: workflow.location, diagnostics: &diagnostics), at: workflow.location
            )
        }
        let scoring = ScoringDecoder(definitions: definitions).decode(
            reader, experimentAt: location, diagnostics: &diagnostics)
        for (field, ids) in scoring.fields {
            set(field, .array(ids.map { .string($0) }), at: scoring.location ?? location)
        }
        decodeRunSettings(reader, diagnostics: &diagnostics)
        let lifecycle = LifecycleDecoder.decode(
            reader, scoring: scoring, inheritedGates: inheritedGates, diagnostics: &diagnostics)
        let runners = RunnerDecoder(key: key)
        let runner = reader["runner"].flatMap { runners.decode($0, diagnostics: &diagnostics) }
        runners.check(
            runner: runner, runnerAt: reader.keyLocation("runner"), workflow: body["workflow"],
            workflowAt: fieldLocations["workflow"], diagnostics: &diagnostics)
        var experiment = ResolvedExperiment(
            key: key, location: location, body: .object(body), fieldLocations: fieldLocations,
            // Matrix values are scalars (checked at expansion), so the conversion cannot fail.
            matrix: context.matrix.compactMapValues { $0.jsonValue(diagnostics: &diagnostics) },
            gates: lifecycle.gates, protect: lifecycle.protect, ignoreChanges: lifecycle.ignoreChanges,
            replaceStrategy: lifecycle.replaceStrategy, repetition: lifecycle.repeats.map { (key, 0, $0) },
            managedUses: managedUses + scoring.uses)
        experiment.runner = runner
        return experiment
    }

    /// `steps` with each `prompt: NAME` of a prompt step taken out and recorded as a use of
    /// that managed prompt (its `prompt_id` and `version` are known once it is made).
    private mutating func usingPrompts(
        _ steps: JSONValue, at location: SourceLocation, diagnostics: inout DiagnosticList
    ) -> JSONValue {
        guard var items = steps.arrayValue else { return steps }
        for (index, step) in items.enumerated() {
            guard step["type"] == "prompt", let named = step["config"]?["prompt"] else { continue }
            guard let name = named.stringValue else {
                diagnostics.error("'prompt' names a prompt from 'prompts:'; got \(named.typeName)", at: location)
                continue
            }
            guard definitions.prompts[name] != nil else {
                if !definitions.brokenPrompts.contains(name) {
                    diagnostics.error(
                        "unknown prompt '\(name)'" + Suggestion.hint(for: name, in: definitions.prompts.keys)
                            + (definitions.prompts.isEmpty ? "; define it under 'prompts:'" : ""), at: location)
                }
                continue
            }
            checkVariables(of: name, at: location, diagnostics: &diagnostics)
            var config = step["config"]?.objectValue ?? [:]
            config["prompt"] = nil
            items[index] = ["type": "prompt", "config": .object(config)]
            managedUses.append(ManagedUse(.prompt(name), slot: .promptStep(index: index)))
        }
        return .array(items)
    }

    /// Every `{{variable}}` of the prompt must be a key of every row's input, in a managed
    /// dataset (a dataset on Respan is not read here).
    private func checkVariables(of prompt: String, at location: SourceLocation, diagnostics: inout DiagnosticList) {
        guard let variables = definitions.prompts[prompt]?.variables, !variables.isEmpty,
            let dataset = managedUses.lazy.compactMap({ use -> String? in
                if case .dataset(let name) = use.reference { return name }
                return nil
            }).first,
            let summary = definitions.datasets[dataset]?.managed?.summary
        else { return }
        guard let keys = summary.inputKeys else {
            diagnostics.error(
                "prompt '\(prompt)' fills {{\(variables[0])}} from each row's input, but some rows of dataset "
                    + "'\(dataset)' have an input that is not an object; make every input an object of the variables",
                at: location)
            return
        }
        let missing = variables.filter { !keys.contains($0) }
        guard !missing.isEmpty else { return }
        diagnostics.error(
            "prompt '\(prompt)' uses " + missing.map { "{{\($0)}}" }.joined(separator: ", ")
                + ", which not every row of dataset '\(dataset)' has in its input"
                + (keys.isEmpty ? "" : " (every row has: \(keys.sorted().joined(separator: ", ")))"), at: location)
    }

    private mutating func set(_ field: String, _ value: JSONValue, at location: SourceLocation) {
        body[field] = value
        fieldLocations[field] = location
    }

    private mutating func decodeText(_ reader: MappingReader, diagnostics: inout DiagnosticList) {
        let written = reader["name"]
        if let written, let name = written.nonEmptyString("'name'", diagnostics: &diagnostics) {
            set("name", .string(name.value), at: name.location)
        } else if written == nil {
            // The default name tells experiments of different projects apart in Respan's UI.
            set("name", .string(context.project.map { "\($0)/\(key)" } ?? key), at: location)
        }
        for field in ["description", "experiment_id", "span_workflow_name", "generation_method"] {
            guard let node = reader[field] else { continue }
            let value =
                field == "description"
                ? node.string("'\(field)'", diagnostics: &diagnostics)
                : node.nonEmptyString("'\(field)'", diagnostics: &diagnostics)
            if let value { set(field, .string(value.value), at: value.location) }
        }
    }

    private mutating func decodeDataset(_ reader: MappingReader, diagnostics: inout DiagnosticList) {
        switch (reader["dataset"], reader["dataset_id"]) {
        case (nil, nil):
            diagnostics.error("missing required key 'dataset' in experiment '\(key)'", at: reader.node.location)
        case (.some, .some):
            diagnostics.error(
                "give either 'dataset' (a name from 'datasets') or 'dataset_id', not both",
                at: reader.keyLocation("dataset_id"))
        case (let named?, nil):
            guard let name = named.nonEmptyString("'dataset'", diagnostics: &diagnostics) else { return }
            guard let dataset = definitions.datasets[name.value] else {
                if definitions.brokenDatasets.contains(name.value) { return }
                diagnostics.error(
                    "unknown dataset '\(name.value)'" + Suggestion.hint(for: name.value, in: definitions.datasets.keys)
                        + (definitions.datasets.isEmpty ? "; define it under 'datasets:' or give 'dataset_id'" : ""),
                    at: name.location)
                return
            }
            if let id = dataset.id {
                set("dataset_id", .string(id), at: name.location)
            } else {
                managedUses.append(ManagedUse(.dataset(name.value), slot: .datasetID))
                fieldLocations["dataset_id"] = name.location
            }
        case (nil, let raw?):
            if let id = raw.nonEmptyString("'dataset_id'", diagnostics: &diagnostics) {
                set("dataset_id", .string(id.value), at: id.location)
            }
        }
    }

    private mutating func decodeRunSettings(_ reader: MappingReader, diagnostics: inout DiagnosticList) {
        if let node = reader["enable_tracing"], let value = node.bool("'enable_tracing'", diagnostics: &diagnostics) {
            set("enable_tracing", .bool(value), at: node.location)
        }
        for field in ["batch_size", "concurrency"] {
            if let node = reader[field], let value = node.integer("'\(field)'", minimum: 1, diagnostics: &diagnostics) {
                set(field, .int(value), at: node.location)
            }
        }
    }
}
