import RespanCore

/// A trace (one dataset row's run) of an experiment.
public struct Trace: Sendable, Equatable {
    public var id: String
    public var status: String?
    public var input: JSONValue?
    public var output: JSONValue?
    /// Evaluator id or slug → the score's numeric value, where it has one.
    public var scores: [String: Double]
    public var raw: JSONValue

    init(json: JSONValue) throws(RespanAPIError) {
        let reader = JSONReader(json)
        guard let id = reader.id("id") ?? reader.id("trace_unique_id") else {
            throw .decoding("a trace without an 'id'")
        }
        self.id = id
        status = reader.string("status")
        input = json["input"]
        output = json["output"]
        var scores: [String: Double] = [:]
        for (key, score) in json["scores"]?.objectValue ?? [:] {
            let value = JSONReader(score)
            if let number = value.double("numerical_value") ?? value.double("avg_score") {
                scores[key] = number
            } else if let flag = value.bool("boolean_value") {
                scores[key] = flag ? 1 : 0
            }
        }
        self.scores = scores
        raw = json
    }
}

/// `/logs/summary/`: totals and mean scores of an experiment's traces.
public struct TraceSummary: Sendable, Equatable {
    public var numberOfRequests: Int?
    public var totalCost: Double?
    public var averageLatency: Double?
    /// Evaluator id or slug → mean score (may be empty: a reported quirk of the real API).
    public var meanScores: [String: Double]
    public var raw: JSONValue

    init(json: JSONValue) {
        let reader = JSONReader(json)
        numberOfRequests = reader.int("number_of_requests")
        totalCost = reader.double("total_cost")
        averageLatency = reader.double("avg_latency")
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
    public var mean: Double?
    public var total: Int?

    init(json: JSONValue) {
        let reader = JSONReader(json)
        evaluatorID = reader.id("evaluator_id")
        bins = (json["bins"]?.arrayValue ?? []).map { bin in
            let value = JSONReader(bin)
            return Bin(
                lower: value.double("lower") ?? 0, upper: value.double("upper") ?? 0, count: value.int("count") ?? 0,
                label: value.string("label"))
        }
        let stats = JSONReader(json["stats"] ?? .null)
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
