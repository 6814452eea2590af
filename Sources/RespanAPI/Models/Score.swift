import RespanCore

/// One evaluator's score on one trace (respan-api.md §2.5 "Score"), from the trace's `scores`
/// or, for an evaluator workflow, from its eval task's output (see `PipelineScores`).
public struct Score: Sendable, Equatable {
    public var evaluatorID: String?
    public var evaluatorSlug: String?
    public var evaluatorName: String? = nil
    /// The eval task (`task_metrics` key or `span_name`) a pipeline score came from; nil for
    /// a score in `scores`.
    public var taskKey: String? = nil
    /// `numerical`, `boolean`, `percentage`, …; nil when the server leaves it out.
    public var valueType: String?
    /// The number a statistic uses: `numerical_value` (or `avg_score`), or 1/0 for a boolean.
    public var value: Double
    /// True for a boolean score (its value is 1 or 0).
    public var isBoolean: Bool

    public init(
        evaluatorID: String?, evaluatorSlug: String?, evaluatorName: String? = nil, taskKey: String? = nil,
        valueType: String?, value: Double, isBoolean: Bool
    ) {
        self.evaluatorID = evaluatorID
        self.evaluatorSlug = evaluatorSlug
        self.evaluatorName = evaluatorName
        self.taskKey = taskKey
        self.valueType = valueType
        self.value = value
        self.isBoolean = isBoolean
    }

    /// The evaluator's error on a score entry: a non-empty `error_message`, or a `status` of
    /// `error` or `failed`; nil for a score that was given.
    static func error(in json: JSONValue) -> String? {
        let reader = JSONReader(json)
        if let message = reader.string("error_message"), !message.isEmpty { return message }
        if let status = reader.string("status")?.lowercased(), ["error", "failed"].contains(status) {
            return "the evaluator's status is \(status)"
        }
        return nil
    }

    /// No value in any of the value fields: not a text or categorical score, no score at all.
    static func isEmpty(_ json: JSONValue) -> Bool {
        ["numerical_value", "boolean_value", "string_value", "json_value", "avg_score"].allSatisfy {
            json[$0] == nil || json[$0] == .null
        } && (json["categorical_value"]?.arrayValue?.isEmpty ?? true)
    }

    init?(json: JSONValue) {
        let reader = JSONReader(json)
        evaluatorID = reader.id("evaluator_id")
        evaluatorSlug = reader.string("evaluator_slug")
        evaluatorName = reader.string("evaluator_name")
        valueType = reader.string("score_value_type")
        if let flag = reader.bool("boolean_value"), valueType == nil || valueType == "boolean" {
            value = flag ? 1 : 0
            isBoolean = true
        } else if let number = reader.double("numerical_value") ?? reader.double("avg_score") {
            value = number
            isBoolean = false
        } else if let flag = reader.bool("boolean_value") {
            value = flag ? 1 : 0
            isBoolean = true
        } else {
            return nil
        }
    }
}
