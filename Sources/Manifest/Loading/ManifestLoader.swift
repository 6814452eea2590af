import RespanCore

/// What loading a manifest produced: the desired state when it is valid, and always the
/// diagnostics and the text of every file read (to show source lines under diagnostics).
public struct ManifestLoadResult: Sendable {
    public var desired: DesiredState?
    public var diagnostics: DiagnosticList
    public var sources: [String: String]
    /// How many experiments were resolved (after matrix expansion and repeats).
    public var experimentCount = 0
}

/// Loads a root manifest and its includes and resolves it into desired state.
///
/// Pure apart from reading the manifest files: the environment for `${{ env.X }}` is passed
/// in, and nothing is printed.
public struct ManifestLoader: Sendable {
    public static let supportedVersion = 1

    public var environment: [String: String]
    public var limits: YAMLLimits

    public init(environment: [String: String] = [:], limits: YAMLLimits = YAMLLimits()) {
        self.environment = environment
        self.limits = limits
    }

    /// Loads and resolves the manifest; `desired` holds every experiment, sorted by key.
    public func load(path: String) -> ManifestLoadResult {
        var experiments: [ResolvedExperiment] = []
        var result = load(path: path) { experiments.append($0) }
        // UTF-8 bytes sort in code point order: the same order, without decoding scalars.
        experiments.sortInUTF8Order(by: \.key)
        result.desired?.experiments = experiments
        return result
    }

    /// Loads and resolves the manifest, handing each experiment to `consume` as soon as it is
    /// resolved (in manifest order, and also when the manifest turns out invalid) instead of
    /// keeping it: `desired` then holds no experiments. Each experiment's YAML is let go once
    /// it is resolved, so memory stays near the size of the files whatever is done with the
    /// experiments; `validate` only counts them and `render` keeps their text.
    public func load(path: String, forEach consume: (ResolvedExperiment) -> Void) -> ManifestLoadResult {
        var diagnostics = DiagnosticList()
        var files = ManifestFileReader()
        files.limits = limits
        files.read(root: path, diagnostics: &diagnostics)
        var sections = files.takeSections()
        var desired: DesiredState?
        var count = 0
        if let root = sections.root {
            desired = resolve(root, &sections, diagnostics: &diagnostics) {
                count += 1
                consume($0)
            }
        }
        return ManifestLoadResult(
            desired: diagnostics.hasErrors ? nil : desired, diagnostics: diagnostics, sources: sections.sources,
            experimentCount: count)
    }

    private func resolve(
        _ root: MappingReader, _ sections: inout ManifestSections, diagnostics: inout DiagnosticList,
        consume: (ResolvedExperiment) -> Void
    ) -> DesiredState {
        checkVersion(root, diagnostics: &diagnostics)
        let project = root["project"].flatMap { node -> String? in
            guard let name = node.nonEmptyString("'project'", diagnostics: &diagnostics) else { return nil }
            guard Vocabulary.isValidName(name.value), name.value.count <= 64 else {
                diagnostics.error(
                    "invalid project name '\(name.value)': use up to 64 \(Vocabulary.nameRule)", at: name.location)
                return nil
            }
            return name.value
        }
        var definitions = ExperimentResolver.Definitions()
        definitions.datasets = DefinitionDecoder.datasets(sections.datasets, diagnostics: &diagnostics)
        definitions.evaluators = DefinitionDecoder.evaluators(sections.evaluators, diagnostics: &diagnostics)
        for entry in sections.prompts {
            definitions.prompts[entry.name] = PromptDecoder.decode(entry, diagnostics: &diagnostics)
        }
        definitions.brokenPrompts = Set(sections.prompts.map(\.name)).subtracting(definitions.prompts.keys)
        definitions.brokenDatasets = Set(sections.datasets.map(\.name)).subtracting(definitions.datasets.keys)
        definitions.brokenEvaluators = Set(sections.evaluators.map(\.name)).subtracting(definitions.evaluators.keys)
        for entry in sections.workflows {
            WorkflowDecoder.checkShape(entry, diagnostics: &diagnostics)
            definitions.workflows[entry.name] = entry
        }
        let defaults = defaults(root, diagnostics: &diagnostics)
        let resolver = ExperimentResolver(
            definitions: definitions, defaults: defaults, project: project, environment: environment)
        // The checks below read keys and gates only: they get the experiments without bodies.
        let experiments = resolveEach(&sections.experiments, resolver, diagnostics: &diagnostics, consume: consume)
        checkDefaultGates(defaults, experiments, evaluators: definitions.evaluators, diagnostics: &diagnostics)
        ManagedGateCheck.check(experiments, evaluators: definitions.evaluators, diagnostics: &diagnostics)
        RowCheckCoverage.check(
            experiments, datasets: definitions.datasets, evaluators: definitions.evaluators, diagnostics: &diagnostics)
        let keys = Set(experiments.map(\.key))
        let moved = DefinitionDecoder.moved(sections.moved, experimentKeys: keys, diagnostics: &diagnostics)
        var desired = DesiredState(
            project: project, experiments: [], moved: moved, datasets: definitions.datasets,
            evaluators: definitions.evaluators, files: sections.files)
        desired.pricing = PricingDecoder.decode(root["pricing"], diagnostics: &diagnostics)
        desired.prompts = definitions.prompts
        return desired
    }

    /// Resolves every entry, letting go of each one's YAML as soon as it is resolved; returns
    /// the experiments sorted by key with empty bodies (`ResolvedExperiment.withoutBody`).
    private func resolveEach(
        _ entries: inout [NamedEntry], _ resolver: ExperimentResolver, diagnostics: inout DiagnosticList,
        consume: (ResolvedExperiment) -> Void
    ) -> [ResolvedExperiment] {
        var outlines: [ResolvedExperiment] = []
        let cache = ResolutionCache()
        for index in entries.indices {
            let entry = entries[index]
            entries[index].value = YAMLNode(.mapping([]), at: entry.value.location)
            for experiment in resolver.resolve(entry, cache: cache, diagnostics: &diagnostics) {
                outlines.append(experiment.withoutBody)
                consume(experiment)
            }
        }
        outlines.sortInUTF8Order(by: \.key)
        return outlines
    }

    private func checkVersion(_ root: MappingReader, diagnostics: inout DiagnosticList) {
        guard let node = root["version"] else {
            diagnostics.error(
                "missing required key 'version' in the manifest; start it with 'version: \(Self.supportedVersion)'",
                at: root.node.location)
            return
        }
        guard let version = node.integer("'version'", minimum: 0, diagnostics: &diagnostics) else { return }
        if version != Self.supportedVersion {
            diagnostics.error(
                "unsupported manifest version \(version); this respan-plan reads version \(Self.supportedVersion)",
                at: node.location)
        }
    }

    /// A gate in `defaults` applies to the experiments that score with its evaluator, and is
    /// skipped by the others. One whose name is no evaluator at all (not defined, not used by
    /// any experiment) would never apply: a typo, reported instead of ignored.
    private func checkDefaultGates(
        _ defaults: [String: YAMLPair], _ experiments: [ResolvedExperiment],
        evaluators: [String: EvaluatorDefinition], diagnostics: inout DiagnosticList
    ) {
        guard !diagnostics.hasErrors, let pairs = defaults["gates"]?.value.mapping else { return }
        let used = Set(experiments.flatMap { $0.gates.map(\.evaluator) })
        for pair in pairs {
            guard let name = pair.key.keyText, !Vocabulary.isExtensionKey(name), evaluators[name] == nil,
                !used.contains(name)
            else { continue }
            diagnostics.error(
                "default gate for '\(name)', which is not an evaluator of any experiment"
                    + Suggestion.hint(for: name, in: evaluators.keys), at: pair.key.location)
        }
    }

    private func defaults(_ root: MappingReader, diagnostics: inout DiagnosticList) -> [String: YAMLPair] {
        guard let node = root["defaults"] else { return [:] }
        if case .scalar(let scalar) = node.content, scalar.resolved == .null { return [:] }
        return MappingReader(
            node, "'defaults'", allowed: Vocabulary.defaultableKeys, retired: Vocabulary.retiredExperimentKeys,
            diagnostics: &diagnostics)?.values
            ?? [:]
    }
}

extension ResolvedExperiment {
    /// The experiment without what only its request needs (body, field locations, matrix
    /// values): what the checks after resolution read, at a fraction of the memory.
    fileprivate var withoutBody: ResolvedExperiment {
        var outline = self
        outline.body = .null
        outline.fieldLocations = [:]
        outline.matrix = [:]
        return outline
    }
}
