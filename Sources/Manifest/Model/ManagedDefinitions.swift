import RespanCore

/// A dataset whose rows come from a file beside the manifest (design §9): `{ file: data/qa.jsonl }`.
public struct ManagedDataset: Sendable {
    public enum Format: String, Sendable {
        case jsonl, csv
    }

    /// What a CSV cell holds. CSV has no types, so a cell is text unless `columns:` gives its
    /// column one of the others; a typed cell that does not parse is an error at its row.
    public enum ColumnType: String, Sendable, CaseIterable {
        case string, number, boolean, json
    }

    /// The file as opened: relative to the manifest file that names it.
    public var path: String
    public var format: Format
    /// File column → row field (`input`, `expected_output`, `output`, `metadata`, `metadata.KEY`).
    public var columns: [String: String]
    /// CSV column → the type of its cells (a column not listed holds text).
    public var types: [String: ColumnType]
    public var description: String?
    /// What the file held when the manifest was loaded.
    public var summary: DatasetSummary
    /// Where `file:` is written.
    public var location: SourceLocation

    public init(
        path: String, format: Format, columns: [String: String], types: [String: ColumnType] = [:],
        description: String?, summary: DatasetSummary, location: SourceLocation
    ) {
        self.path = path
        self.format = format
        self.columns = columns
        self.types = types
        self.description = description
        self.summary = summary
        self.location = location
    }
}

/// The identity of a dataset file's rows: SHA-256 of the canonical rows, their count, and a
/// compact index (per row, 32 bits of the input's hash and 32 of the whole row's) that tells
/// added, removed and changed rows apart.
public struct DatasetSummary: Sendable, Equatable {
    public var digest: String
    public var rowCount: Int
    public var index: [UInt64]
    /// Rows that carry no checks of their own (`assert`): how many, and where the first are
    /// (at most `DatasetFile.maxReportedRows`), for a check that reads them.
    public var uncheckedRows = 0
    public var firstUncheckedRows: [SourceLocation] = []
    /// All rows' input text (a string as it is, other JSON as its text), in characters.
    public var inputCharacters = 0
    /// The keys every row's input has, when every input is an object (a prompt's variables
    /// are read from them); nil when some input is not an object.
    public var inputKeys: Set<String>? = nil

    /// Prompt tokens a row, as the cost estimate counts them: input characters / 4, rounded
    /// up, averaged over the rows.
    public var promptTokensPerRow: Int {
        rowCount == 0 ? 0 : (inputCharacters + 4 * rowCount - 1) / (4 * rowCount)
    }

    public init(digest: String, rowCount: Int, index: [UInt64]) {
        self.digest = digest
        self.rowCount = rowCount
        self.index = index
    }
}

/// An evaluator defined in the manifest (design §9): `{ type: llm, score_value_type: …, llm_config: … }`.
public struct ManagedEvaluator: Sendable {
    /// The create body's fields the manifest defines (`type`, `score_value_type`, `eval_class`,
    /// `description`, `score_config`, `passing_conditions`, `llm_config`, `code_config`).
    public var definition: JSONValue
    /// SHA-256 of the canonical `definition`: its identity, part of every experiment's spec that scores with it.
    public var digest: String
    public var scoreValueType: String
    /// `score_config.min_score … max_score`, when given.
    public var scoreRange: ClosedRange<Double>?
    public var location: SourceLocation
    /// For a built-in check (`check:`), the check its code runs (`CheckSpec`).
    public var check: JSONValue? = nil

    public init(
        definition: JSONValue, digest: String, scoreValueType: String, scoreRange: ClosedRange<Double>?,
        location: SourceLocation
    ) {
        self.definition = definition
        self.digest = digest
        self.scoreValueType = scoreValueType
        self.scoreRange = scoreRange
        self.location = location
    }
}

/// A prompt defined in the manifest (design §13): chat messages with Jinja2 `{{var}}`
/// variables filled from each row's `input` object, and a model with its settings. On Respan it
/// is a prompt with a committed version per content (`respan-api.md` §5).
public struct ManagedPrompt: Sendable {
    /// The version's create body: `messages`, `model` and the settings given.
    public var body: JSONValue
    /// SHA-256 of the canonical `body`: its identity, part of every run that uses it.
    public var digest: String
    /// The template variables the messages use (`{{question}}` → `question`), sorted.
    public var variables: [String]
    /// A digest per part (`model`, `settings`, `message 1 (system)`…), to say what changed.
    public var parts: [String: String]
    public var description: String?
    public var location: SourceLocation

    public init(
        body: JSONValue, digest: String, variables: [String], parts: [String: String], description: String?,
        location: SourceLocation
    ) {
        self.body = body
        self.digest = digest
        self.variables = variables
        self.parts = parts
        self.description = description
        self.location = location
    }
}

/// A managed dataset or evaluator, by manifest name: what an experiment refers to where the
/// remote id goes, until that id is known (a dataset not uploaded yet has none).
public enum ManagedReference: Sendable, Hashable, CustomStringConvertible {
    case dataset(String)
    case evaluator(String)
    case prompt(String)

    public var name: String {
        switch self {
        case .dataset(let name), .evaluator(let name), .prompt(let name): name
        }
    }

    /// "dataset qa", "evaluator tone", "prompt support".
    public var description: String {
        switch self {
        case .dataset(let name): "dataset \(name)"
        case .evaluator(let name): "evaluator \(name)"
        case .prompt(let name): "prompt \(name)"
        }
    }

    /// The key it has in a lockfile's `managed_inputs`: "dataset:qa", "evaluator:tone", "prompt:support".
    public var inputKey: String {
        switch self {
        case .dataset(let name): "dataset:\(name)"
        case .evaluator(let name): "evaluator:\(name)"
        case .prompt(let name): "prompt:\(name)"
        }
    }
}

extension DesiredState {
    /// The datasets whose rows come from files, by manifest name.
    public var managedDatasets: [String: ManagedDataset] { datasets.compactMapValues(\.managed) }
    /// The evaluators defined in the manifest, by manifest name.
    public var managedEvaluators: [String: ManagedEvaluator] { evaluators.compactMapValues(\.managed) }
}
