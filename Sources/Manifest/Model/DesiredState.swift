import RespanCore

/// The manifest after resolution: every experiment with the exact request body to send.
public struct DesiredState: Sendable {
    /// The root manifest's `project`, if set.
    public var project: String?
    /// Experiments sorted by key.
    public var experiments: [ResolvedExperiment]
    public var moved: [MovedEntry]
    public var datasets: [String: DatasetDefinition]
    public var evaluators: [String: EvaluatorDefinition]
    /// Every manifest file read, root first, then includes in the order they were reached.
    public var files: [String]
    /// `pricing:` overrides of the bundled price table, by model.
    public var pricing: [String: ModelPrice] = [:]
    /// The prompts the manifest defines (`prompts:`), by name.
    public var prompts: [String: ManagedPrompt] = [:]

    public func experiment(_ key: String) -> ResolvedExperiment? {
        experiments.first { $0.key == key }
    }
}

/// One experiment, after defaults, matrix expansion, interpolation and references.
public struct ResolvedExperiment: Sendable {
    /// The identity of the experiment: its manifest key, with matrix values for a matrix entry
    /// (`sweep[model=gpt-4o,temperature=0.7]`).
    public var key: String
    /// Where the key is written in the manifest.
    public var location: SourceLocation
    /// The create request body (`POST /api/v2/experiments/`), a JSON object.
    public var body: JSONValue
    /// Where each body field came from, to report server errors against the manifest.
    public var fieldLocations: [String: SourceLocation]
    /// The matrix values of this instance (empty for a plain experiment).
    public var matrix: [String: JSONValue]
    public var gates: [Gate]
    public var protect: Bool
    /// Body field names whose changes are not planned.
    public var ignoreChanges: Set<String>
    public var replaceStrategy: ReplaceStrategy
    /// For one of `repeats: N` runs: the key without `#i` and the run's number (1…N).
    public var repetition: (baseKey: String, index: Int, of: Int)? = nil
    /// The managed datasets and evaluators the body uses: their ids are not in `body` (they
    /// are known only once planned or applied); see `ManagedUse.fill`.
    public var managedUses: [ManagedUse] = []
    /// What answers the rows of its `wait` step, if anything does (design §14).
    public var runner: Runner? = nil
}

/// How a run-defining change is carried out (design §3: runs are immutable).
public enum ReplaceStrategy: String, Sendable, CaseIterable {
    /// PUT the new body to the existing experiment. Relies on undocumented behaviour (Respan does
    /// not say a PUT reruns, respan-api.md §9): apply checks that a new run started and makes a
    /// new experiment where none did.
    case put
    /// Create a new experiment under a new content-addressed id and keep the old one as history
    /// (the default).
    case recreate
}

/// A score condition checked by `respan-plan results`.
public struct Gate: Sendable, Equatable {
    /// The evaluator's manifest name (or its id/slug when given raw).
    public var evaluator: String
    /// The id or slug scores are reported under.
    public var scoreKey: String
    public var minMean: Double?
    public var maxMean: Double?
    /// The largest allowed drop of the mean against the baseline.
    public var maxRegression: Double?
    public var location: SourceLocation
    /// The smallest share (0–1) of boolean scores that must be true.
    public var minPassRate: Double? = nil
    /// With `min_mean: {value, confidence}`: the lower end of the bootstrap confidence interval
    /// of the mean must reach `minMean`.
    public var minMeanConfidence: Double? = nil
    /// With `max_regression: {value, confidence}`: the gate fails only when the regression is
    /// above `maxRegression` with this confidence (paired bootstrap over dataset rows).
    public var maxRegressionConfidence: Double? = nil
    /// With `min_pass_rate: {value, confidence}`: the lower end of the Wilson score interval of
    /// the pass rate (over dataset rows) must reach `minPassRate`.
    public var minPassRateConfidence: Double? = nil
    /// The smallest share (0–1) of its runs in which every dataset row must pass (a boolean
    /// evaluator): with `repeats: N`, a row passing in k of N runs fails when k/N is below it.
    public var minRowPassRate: Double? = nil

    public init(
        evaluator: String, scoreKey: String, minMean: Double? = nil, maxMean: Double? = nil,
        maxRegression: Double? = nil, minPassRate: Double? = nil, location: SourceLocation
    ) {
        self.evaluator = evaluator
        self.scoreKey = scoreKey
        self.minMean = minMean
        self.maxMean = maxMean
        self.maxRegression = maxRegression
        self.minPassRate = minPassRate
        self.location = location
    }
}

/// A rename of an experiment key that must not touch the remote experiment.
public struct MovedEntry: Sendable, Equatable {
    public var from: Marked<String>
    public var to: Marked<String>
}

public struct DatasetDefinition: Sendable {
    public var name: String
    /// The remote id; nil for a managed dataset, whose id is known once it is uploaded.
    public var id: String?
    public var location: SourceLocation
    /// Rows from a file beside the manifest (`file:`), nil for a dataset referred to by id.
    public var managed: ManagedDataset? = nil
}

public struct EvaluatorDefinition: Sendable {
    public enum Reference: Sendable, Equatable {
        case id(String)
        case slug(String)
        /// A deployed eval-only workflow, by its WorkflowVersion row id.
        case workflowVersion(String)
        /// Defined in the manifest (`managed`): its id is known once it is created.
        case managed
    }

    public var name: String
    public var reference: Reference
    public var location: SourceLocation
    /// A definition in the manifest (`type:`), nil for an evaluator referred to by id or slug;
    /// then `reference` is `.managed`.
    public var managed: ManagedEvaluator? = nil
}
