import Lockfiles
import Manifest
import RespanCore

/// What a plan's runs are expected to cost: an estimate, never a bill.
public struct CostEstimate: Sendable, Equatable {
    /// One experiment that would start a run.
    public struct Run: Sendable, Equatable {
        public var key: String
        /// Dataset rows (one trace each); nil when the dataset's size is unknown.
        public var rows: Int?
        public var inputTokens: Int?
        public var outputTokens: Int?
        /// USD; nil when a model's price or the row count is unknown (never counted as zero).
        public var dollars: Double?
        /// Models of this run with no price in the table or the manifest.
        public var unpricedModels: [String]
        /// The assumptions made ("250 prompt tokens a row", "max_tokens 256").
        public var assumptions: [String]
    }

    public var runs: [Run]
    /// The sum over runs with a known price.
    public var total: Double { runs.compactMap(\.dollars).reduce(0, +) }
    /// Runs whose price is unknown: the total leaves them out.
    public var unknown: [Run] { runs.filter { $0.dollars == nil } }
    /// When the bundled price table was checked.
    public var pricesChecked: String

    /// The most expensive runs first.
    public var mostExpensive: [Run] {
        runs.filter { $0.dollars != nil }.sorted { ($0.dollars ?? 0) > ($1.dollars ?? 0) }
    }
}

/// Estimates the cost of the runs a plan starts.
///
/// The rule (documented in docs/results-and-gates.md): per completion step and dataset row, input tokens are
/// the row's input text length in characters / 4, rounded up (a managed dataset's rows, averaged
/// over its file; 250 when the rows are not known here: a dataset on Respan), and output tokens
/// are the step's `max_tokens` (or Respan's default, 150, when unset, respan-api.md §2.3: an
/// assumption the estimate names, as that default cuts longer answers short);
/// dollars = tokens × the model's price per 1,000,000. Steps without a model (duplicate, eval,
/// wait, condition) cost nothing here; a prompt step costs by its manifest prompt's model and
/// max_tokens (`withPromptSettings`), and is unknown for a prompt kept only on Respan.
/// Evaluator calls are not counted. Each `repeats:` run is its own experiment and counts once.
public struct CostEstimator: Sendable {
    public static let assumedPromptTokens = 250
    /// Respan's default `max_tokens` for a completion step (respan-api.md §2.3).
    public static let assumedMaxTokens = 150

    public var prices: PriceTable
    /// Dataset id → rows, from the datasets' `log_count` (or a managed file).
    public var rowCounts: [String: Int]
    /// Dataset id → prompt tokens a row, where the rows' text is known.
    public var promptTokensPerRow: [String: Int]

    public init(prices: PriceTable, rowCounts: [String: Int], promptTokensPerRow: [String: Int] = [:]) {
        self.prices = prices
        self.rowCounts = rowCounts
        self.promptTokensPerRow = promptTokensPerRow
    }

    /// The estimate for every create and replace in `plan` (the changes that start a run). A
    /// managed dataset's rows are counted from its file: known before it exists, no request.
    public func estimate(_ plan: Plan) -> CostEstimate {
        var estimator = self
        var managedRows: [String: (rows: Int, prompt: Int)] = [:]
        for change in plan.managed.datasets where change.action != .delete {
            guard let summary = change.summary else { continue }
            managedRows[change.name] = (summary.rowCount, summary.promptTokensPerRow)
            if let id = change.remoteID {
                estimator.rowCounts[id] = summary.rowCount
                estimator.promptTokensPerRow[id] = summary.promptTokensPerRow
            }
        }
        // A managed prompt's model and max_tokens, by name and by remote id: what its steps run.
        var prompts: [String: [String: JSONValue]] = [:]
        for change in plan.managed.prompts {
            let settings = Self.promptSettings(change.body)
            prompts[change.name] = settings
            if let id = change.remoteID { prompts[id] = settings }
        }
        let runs = plan.changes.filter { $0.action == .create || $0.action == .replace }.compactMap { change in
            (change.body ?? change.applied).map { sent in
                let body = Self.withPromptSettings(sent, change.pending, prompts)
                // A run on a dataset not uploaded yet: its rows by the dataset's name.
                let pending = change.pending.lazy.compactMap { use -> (rows: Int, prompt: Int)? in
                    if case .dataset(let name) = use.reference { managedRows[name] } else { nil }
                }.first
                return estimator.estimate(key: change.key, body: body, rows: pending?.rows, prompt: pending?.prompt)
            }
        }
        return CostEstimate(runs: runs, pricesChecked: prices.checked)
    }

    /// What of a prompt version's body (`model`, `max_tokens`) the estimate goes by.
    public static func promptSettings(_ body: JSONValue) -> [String: JSONValue] {
        (body.objectValue ?? [:]).filter { ["model", "max_tokens"].contains($0.key) }
    }

    /// `body` with each prompt step's config given its prompt's model and max_tokens (by its
    /// `prompt_id`, or by the prompt a pending use puts there), for the estimate alone.
    /// `prompts`: `promptSettings` by remote id or prompt name.
    public static func withPromptSettings(
        _ body: JSONValue, _ pending: [ManagedUse], _ prompts: [String: [String: JSONValue]]
    ) -> JSONValue {
        guard !prompts.isEmpty, var object = body.objectValue, var steps = object["workflow"]?.arrayValue else {
            return body
        }
        for (index, step) in steps.enumerated() where step["type"] == "prompt" {
            let named = pending.lazy.compactMap { use -> String? in
                if case .prompt(let name) = use.reference, use.slot == .promptStep(index: index) { return name }
                return nil
            }.first
            guard let key = step["config"]?["prompt_id"]?.stringValue ?? named, let settings = prompts[key],
                var config = step["config"]?.objectValue
            else { continue }
            config.merge(settings) { current, _ in current }
            steps[index] = ["type": "prompt", "config": .object(config)]
        }
        object["workflow"] = .array(steps)
        return .object(object)
    }

    /// One run's estimate; `rows` and `prompt` (tokens a row) when known otherwise than by the
    /// body's `dataset_id`.
    public func estimate(
        key: String, body: JSONValue, rows known: Int? = nil, prompt given: Int? = nil
    )
        -> CostEstimate.Run
    {
        let dataset = body["dataset_id"]?.stringValue ?? ""
        let rows = known ?? rowCounts[dataset]
        var run = CostEstimate.Run(
            key: key, rows: rows, inputTokens: 0, outputTokens: 0, dollars: 0, unpricedModels: [], assumptions: [])
        let measured = given ?? promptTokensPerRow[dataset]
        let prompt = measured ?? Self.assumedPromptTokens
        if measured == nil { run.assumptions.append("\(prompt) prompt tokens a row") }
        for step in body["workflow"]?.arrayValue ?? [] {
            add(step, to: &run, rows: rows ?? 0, prompt: prompt)
        }
        if rows == nil {
            run.assumptions.append("rows unknown")
            run.dollars = nil
            run.inputTokens = nil
            run.outputTokens = nil
        }
        if !run.unpricedModels.isEmpty { run.dollars = nil }
        return run
    }

    private func add(_ step: JSONValue, to run: inout CostEstimate.Run, rows: Int, prompt: Int) {
        switch step["type"]?.stringValue {
        case "completion",
            "prompt" where step["config"]?["model"] != nil:
            let model = step["config"]?["model"]?.stringValue ?? "unknown"
            let maxTokens = step["config"]?["max_tokens"]?.intValue ?? Self.assumedMaxTokens
            if step["config"]?["max_tokens"]?.intValue == nil {
                run.assumptions.append(
                    "max_tokens unset for \(model): Respan's default \(maxTokens), which cuts longer answers short")
            }
            let input = rows * prompt, output = rows * maxTokens
            run.inputTokens = (run.inputTokens ?? 0) + input
            run.outputTokens = (run.outputTokens ?? 0) + output
            guard let price = prices.price(of: model) else {
                run.unpricedModels.append(model)
                return
            }
            run.dollars = (run.dollars ?? 0) + (Double(input) * price.input + Double(output) * price.output) / 1_000_000
        case "prompt":
            run.unpricedModels.append(
                "the model of prompt \(step["config"]?["prompt_id"]?.stringValue ?? step["config"]?["prompt_slug"]?.stringValue ?? "")"
            )
        default:
            return
        }
    }
}
