import RespanCore

/// A trace (one dataset row's run) of an experiment.
public struct Trace: Sendable, Equatable {
    public var id: String
    public var status: String?
    public var input: JSONValue?
    public var output: JSONValue?
    /// The same input across experiments: the dataset row, for pairing two runs.
    public var comparisonKey: String?
    /// USD.
    public var totalCost: Double?
    public var totalTokens: Int?
    /// Evaluator id or slug → the score's numeric value, where it has one.
    public var scores: [String: Double]
    /// The scores with their type, under the key the server used: those in `scores`, and an
    /// evaluator workflow's under its `evaluator_id` (or task key); `scores` wins a clash.
    public var scoreDetails: [String: Score]
    /// Score key → why the evaluator gave no score on this row: an entry in `scores` with an
    /// `error_message`, an error status, or no value at all. An error is never read as a 0: such
    /// a score is left out of `scoreDetails`, and counted as errored by `results`.
    public var scoreErrors: [String: String] = [:]
    /// An evaluator workflow's output was cut short (the list does that), so its score is in
    /// the trace's detail (`RespanClient.trace(experimentID:logID:)`); see `PipelineScores`.
    public var needsDetail: Bool
    public var raw: JSONValue
    /// The trace's detail, where its pipeline scores came from it (`adding(detail:)`).
    public var detail: JSONValue?

    public init(json: JSONValue) throws(RespanAPIError) {
        let reader = JSONReader(json)
        guard let id = reader.id("id") ?? reader.id("trace_unique_id") else {
            throw .decoding("a trace without an 'id'")
        }
        self.id = id
        status = reader.string("status")
        input = json["input"]
        output = json["output"]
        comparisonKey = reader.id("comparison_key")
        totalCost = reader.double("total_cost")
        totalTokens = reader.int("total_tokens")
        var details: [String: Score] = [:]
        for (key, score) in json["scores"]?.objectValue ?? [:] {
            if let error = Score.error(in: score) {
                scoreErrors[key] = error
            } else if let parsed = Score(json: score) {
                details[key] = parsed
            } else if Score.isEmpty(score) {
                scoreErrors[key] = "the score has no value"
            }
        }
        let pipeline = PipelineScores.read(json)
        scoreDetails = details.merging(pipeline.scores) { direct, _ in direct }
        scores = scoreDetails.mapValues(\.value)
        needsDetail = pipeline.cutShort
        raw = json
    }

    /// This trace (from a list) with the pipeline scores its `detail` carries.
    public func adding(detail: Trace) -> Trace {
        var trace = self
        trace.scoreDetails.merge(detail.scoreDetails) { current, _ in current }
        trace.scores = trace.scoreDetails.mapValues(\.value)
        trace.needsDetail = false
        trace.detail = detail.raw
        return trace
    }

    /// The score for an evaluator named by id or slug, whichever key the server used.
    public func score(for key: String) -> Score? {
        if let direct = scoreDetails[key] { return direct }
        return scoreDetails.values.first { $0.evaluatorID == key || $0.evaluatorSlug == key }
    }
}

/// `/logs/summary/`: totals and mean scores of an experiment's traces.
public struct TraceSummary: Sendable, Equatable {
    public var numberOfRequests: Int?
    public var totalCost: Double?
    public var averageLatency: Double?
    public var totalTokens: Int?
    public var promptTokens: Int?
    public var completionTokens: Int?
    /// Evaluator id or slug → mean score (may be empty: a reported quirk of the real API).
    public var meanScores: [String: Double]
    public var raw: JSONValue

    public init(json: JSONValue) {
        let reader = JSONReader(json)
        numberOfRequests = reader.int("number_of_requests")
        totalCost = reader.double("total_cost")
        averageLatency = reader.double("avg_latency")
        totalTokens = reader.int("total_tokens")
        promptTokens = reader.int("total_prompt_tokens")
        completionTokens = reader.int("total_completion_tokens")
        var means: [String: Double] = [:]
        for (key, score) in json["scores"]?.objectValue ?? [:] {
            if let mean = JSONReader(score).double("avg_score") ?? score.numberValue?.doubleValue { means[key] = mean }
        }
        meanScores = means
        raw = json
    }
}

/// `/histogram/`: one evaluator's score distribution.
public struct Histogram: Sendable, Equatable {
    public struct Bin: Sendable, Equatable {
        public var lower: Double
        public var upper: Double
        public var count: Int
        public var label: String?
    }

    public var evaluatorID: String?
    public var bins: [Bin]
    public var min: Double?
    public var max: Double?
    public var mean: Double?
    public var total: Int?

    public init(json: JSONValue) {
        let reader = JSONReader(json)
        evaluatorID = reader.id("evaluator_id")
        bins = (json["bins"]?.arrayValue ?? []).map { bin in
            let value = JSONReader(bin)
            return Bin(
                lower: value.double("lower") ?? 0, upper: value.double("upper") ?? 0, count: value.int("count") ?? 0,
                label: value.string("label"))
        }
        let stats = JSONReader(json["stats"] ?? .null)
        min = stats.double("min")
        max = stats.double("max")
        mean = stats.double("mean")
        total = stats.int("total")
    }
}

/// A dataset or an evaluator: what a manifest refers to by id or slug.
public struct CatalogItem: Sendable, Equatable {
    public var id: String
    public var name: String?
    /// An evaluator's slug.
    public var slug: String?
    public var raw: JSONValue

    init(json: JSONValue) throws(RespanAPIError) {
        let reader = JSONReader(json)
        guard let id = reader.id("id") else { throw .decoding("an item without an 'id'") }
        self.id = id
        name = reader.string("name")
        slug = reader.string("evaluator_slug") ?? reader.string("slug")
        raw = json
    }
}
