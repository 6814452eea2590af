import RespanCore

/// Turns one `experiments:` entry into resolved experiments: matrix expansion, defaults,
/// interpolation, then decoding into a create body.
struct ExperimentResolver: Sendable {
    let definitions: Definitions
    /// The validated `defaults:` pairs of the root manifest.
    let defaults: [String: YAMLPair]
    let project: String?
    let environment: [String: String]
    /// `defaults` in key order with every spelling of each one's field, and the names of its
    /// gates: the same for every experiment, so worked out once.
    private let sortedDefaults: [(key: String, pair: YAMLPair, spellings: [String])]
    private let defaultGateNames: Set<String>

    init(definitions: Definitions, defaults: [String: YAMLPair], project: String?, environment: [String: String]) {
        self.definitions = definitions
        self.defaults = defaults
        self.project = project
        self.environment = environment
        sortedDefaults = defaults.sorted { $0.key < $1.key }.map {
            ($0.key, $0.value, Vocabulary.spellings(of: $0.key))
        }
        defaultGateNames = Set(defaults["gates"]?.value.mapping?.compactMap(\.key.keyText) ?? [])
    }

    /// What experiments may refer to by name.
    struct Definitions: Sendable {
        var datasets: [String: DatasetDefinition] = [:]
        var evaluators: [String: EvaluatorDefinition] = [:]
        var workflows: [String: NamedEntry] = [:]
        /// Datasets and evaluators written in the manifest whose definitions have errors (already
        /// reported): a use of one is not also "unknown", so one mistake gives one error.
        var brokenDatasets: Set<String> = []
        var brokenEvaluators: Set<String> = []
        /// The prompts the manifest defines (`prompts:`), and those whose definition is broken.
        var prompts: [String: ManagedPrompt] = [:]
        var brokenPrompts: Set<String> = []
    }

    /// `cache` keeps what is worked out once across calls; one per thread (it is not shared).
    func resolve(
        _ entry: NamedEntry, cache: ResolutionCache, diagnostics: inout DiagnosticList
    ) -> [ResolvedExperiment] {
        // Named only in messages: built when there is one.
        let what = { "experiment '\(entry.name)'" }
        guard
            let reader = MappingReader(
                entry.value, what(), allowed: Vocabulary.experimentKeys, retired: Vocabulary.retiredExperimentKeys,
                diagnostics: &diagnostics)
        else { return [] }
        var instances = [MatrixInstance(key: entry.name, values: [:])]
        if let matrix = reader["matrix"] {
            guard let expanded = MatrixExpansion.expand(base: entry.name, matrix: matrix, diagnostics: &diagnostics)
            else { return [] }
            instances = expanded
        }
        let (merged, keys, inheritedGates) = mergedWithDefaults(reader)
        var experiments: [ResolvedExperiment] = []
        experiments.reserveCapacity(instances.count)
        for instance in instances {
            let context = InterpolationContext(
                matrix: instance.values, environment: environment, project: project, cache: cache)
            let node = Interpolation.apply(merged, context, diagnostics: &diagnostics)
            var decoder = ExperimentDecoder(
                key: instance.key, location: entry.keyLocation, definitions: definitions, context: context,
                inheritedGates: inheritedGates)
            var local = DiagnosticList()
            let result = decoder.decode(node, keys: keys, what: what(), diagnostics: &local)
            diagnostics.append(contentsOf: local.sorted)
            guard !local.hasErrors, let result else { continue }
            experiments.append(result)
        }
        // Repeats are expanded once every instance is decoded, so that their findings follow
        // all of the instances' (the order diagnostics at one place are reported in).
        guard experiments.contains(where: { $0.repetition != nil }) else { return experiments }
        return experiments.flatMap { Self.repeated($0, diagnostics: &diagnostics) }
    }

    /// `repeats: N`: N runs of one spec, keyed `KEY#1` … `KEY#N` (stable: raising N adds keys,
    /// lowering it leaves the extra ones to `--prune`). Each run's name gets ` #i`.
    static func repeated(_ experiment: ResolvedExperiment, diagnostics: inout DiagnosticList) -> [ResolvedExperiment] {
        guard let count = experiment.repetition?.of else { return [experiment] }
        if experiment.body["experiment_id"] != nil {
            diagnostics.error(
                "'\(experiment.key)' sets experiment_id and repeats: every run needs its own id; remove experiment_id",
                at: experiment.fieldLocations["experiment_id"] ?? experiment.location)
            return []
        }
        return (1...count).map { index in
            var copy = experiment
            copy.key = "\(experiment.key)#\(index)"
            copy.repetition = (experiment.key, index, count)
            var body = experiment.body.objectValue ?? [:]
            if let name = body["name"]?.stringValue { body["name"] = .string("\(name) #\(index)") }
            copy.body = .object(body)
            return copy
        }
    }

    /// The experiment's own pairs (without `matrix`), then defaults for the fields it leaves
    /// out: its own value for a field, in any spelling, replaces the default for that field.
    /// `gates` are merged key by key, the experiment winning. Also returns the pairs' keys
    /// (in their order) and the names of the gates taken from defaults.
    private func mergedWithDefaults(
        _ reader: MappingReader
    ) -> (YAMLNode, keys: [String], inheritedGates: Set<String>) {
        var inheritedGates = defaultGateNames
        var pairs: [YAMLPair] = []
        var keys: [String] = []
        pairs.reserveCapacity(reader.keys.count + sortedDefaults.count)
        keys.reserveCapacity(reader.keys.count + sortedDefaults.count)
        for key in reader.keys where key != "matrix" {
            guard var pair = reader.pair(key) else { continue }
            if Vocabulary.mergedKeys.contains(key), let own = pair.value.mapping,
                let inherited = defaults[key]?.value.mapping
            {
                let ownKeys = Set(own.compactMap(\.key.keyText))
                pair.value.content = .mapping(own + inherited.filter { !ownKeys.contains($0.key.keyText ?? "") })
                if key == "gates" { inheritedGates.subtract(ownKeys) }
            }
            pairs.append(pair)
            keys.append(key)
        }
        // By index: an entry is a pair and a list, and copying one out costs more than the check.
        for index in sortedDefaults.indices
        where !sortedDefaults[index].spellings.contains(where: { reader[$0] != nil }) {
            pairs.append(sortedDefaults[index].pair)
            keys.append(sortedDefaults[index].key)
        }
        if reader["gates"] != nil && reader["gates"]?.mapping == nil { inheritedGates = [] }
        return (YAMLNode(.mapping(pairs), at: reader.node.location), keys, inheritedGates)
    }
}
