import RespanCore

/// What loading a manifest produced: the desired state when it is valid, and always the
/// diagnostics and the text of every file read (to show source lines under diagnostics).
public struct ManifestLoadResult: Sendable {
    public var desired: DesiredState?
    public var diagnostics: DiagnosticList
    public var sources: [String: String]
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

    public func load(path: String) -> ManifestLoadResult {
        var diagnostics = DiagnosticList()
        var files = ManifestFileReader()
        files.limits = limits
        files.read(root: path, diagnostics: &diagnostics)
        let sections = files.sections
        var desired: DesiredState?
        if let root = sections.root {
            desired = resolve(root, sections, diagnostics: &diagnostics)
        }
        return ManifestLoadResult(
            desired: diagnostics.hasErrors ? nil : desired, diagnostics: diagnostics, sources: sections.sources)
    }

    private func resolve(
        _ root: MappingReader, _ sections: ManifestSections, diagnostics: inout DiagnosticList
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
        for entry in sections.workflows {
            WorkflowDecoder.checkShape(entry, diagnostics: &diagnostics)
            definitions.workflows[entry.name] = entry
            definitions.constantWorkflows[entry.name] = WorkflowDecoder.constant(entry)
        }
        let defaults = defaults(root, diagnostics: &diagnostics)
        let resolver = ExperimentResolver(
            definitions: definitions, defaults: defaults, project: project, environment: environment)
        let experiments = sections.experiments.flatMap { resolver.resolve($0, diagnostics: &diagnostics) }
            // UTF-8 bytes sort in code point order: the same order, without decoding scalars.
            .sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        checkDefaultGates(defaults, experiments, evaluators: definitions.evaluators, diagnostics: &diagnostics)
        ManagedGateCheck.check(experiments, evaluators: definitions.evaluators, diagnostics: &diagnostics)
        let keys = Set(experiments.map(\.key))
        let moved = DefinitionDecoder.moved(sections.moved, experimentKeys: keys, diagnostics: &diagnostics)
        var desired = DesiredState(
            project: project, experiments: experiments, moved: moved, datasets: definitions.datasets,
            evaluators: definitions.evaluators, files: sections.files)
        desired.pricing = PricingDecoder.decode(root["pricing"], diagnostics: &diagnostics)
        return desired
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
            guard let name = pair.key.keyText, !name.hasPrefix("x-"), evaluators[name] == nil, !used.contains(name)
            else { continue }
            diagnostics.error(
                "default gate for '\(name)', which is not an evaluator of any experiment"
                    + Suggestion.hint(for: name, in: evaluators.keys), at: pair.key.location)
        }
    }

    private func defaults(_ root: MappingReader, diagnostics: inout DiagnosticList) -> [String: YAMLPair] {
        guard let node = root["defaults"] else { return [:] }
        if case .scalar(let scalar) = node.content, scalar.resolved == .null { return [:] }
        return MappingReader(node, "'defaults'", allowed: Vocabulary.defaultableKeys, diagnostics: &diagnostics)?.values
            ?? [:]
    }
}
