import RespanCore

/// The datasets, evaluators and evaluator workflows that exist from the start: what the
/// examples refer to, with a few dozen dataset rows each.
struct Catalog: Sendable {
    struct Dataset: Sendable {
        var id: String
        var name: String
        var description: String
        var rows: [(input: String, expected: String)]
        /// A dataset made through the API: its DatasetLog objects (then `rows` is empty).
        var logs: [JSONValue] = []

        var rowCount: Int { logs.isEmpty ? rows.count : logs.count }
    }

    struct Evaluator: Sendable {
        var id: String
        var slug: String
        var name: String
        var scoreValueType: String
        /// Mixed into every score of an evaluator made through the API: a hash of its current
        /// definition, so a new version scores differently. Empty for the seeded ones.
        var scoreSalt = ""
        /// `score_config`'s range, when given: scores are spread over it instead of 0–1.
        var scoreRange: ClosedRange<Double>? = nil
        /// The draft of an evaluator made through the API, as its routes return it.
        var managed: JSONValue? = nil
    }

    var datasets: [Dataset]
    var evaluators: [Evaluator]
    /// Prompts made through the API: id → version → its model (what a prompt step runs).
    var promptModels: [String: [Int: String]] = [:]
    /// WorkflowVersion row ids of deployed eval-only workflows.
    var evaluatorWorkflows: [String: String]

    func dataset(_ id: String) -> Dataset? { datasets.first { $0.id == id } }

    /// The version a prompt step asks for: a number, or a number as text; nil when it names none.
    static func promptVersion(of step: JSONValue) -> Int? {
        let asked = step["config"]?["version"]
        return asked?.intValue ?? asked?.stringValue.flatMap { Int($0) }
    }

    /// An evaluator by id (an `evl_x:grader` or `evl_x:2` suffix is allowed) or by slug.
    func evaluator(id: String) -> Evaluator? {
        let base = id.split(separator: ":", maxSplits: 1).first.map(String.init) ?? id
        return evaluators.first { $0.id == base }
    }

    func evaluator(slug: String) -> Evaluator? { evaluators.first { $0.slug == slug } }

    static let seed = Catalog(
        datasets: [
            Dataset(
                id: "ds_support_qa_2024", name: "Support QA 2024",
                description: "Customer-support questions with reference answers", rows: rows("support", 36)),
            Dataset(
                id: "ds_escalations_2024", name: "Escalations 2024",
                description: "Escalated tickets with the reply a senior agent gave", rows: rows("escalation", 24)),
        ],
        evaluators: [
            Evaluator(
                id: "eval_quality", slug: "quality-assessment", name: "Response quality", scoreValueType: "numerical"),
            Evaluator(id: "eval_accuracy", slug: "accuracy", name: "Answer accuracy", scoreValueType: "numerical"),
            Evaluator(id: "eval_tone", slug: "tone-check", name: "Tone", scoreValueType: "numerical"),
            Evaluator(id: "eval_helpfulness", slug: "helpfulness", name: "Helpfulness", scoreValueType: "numerical"),
            // Boolean: each row passes or fails, so pass rates and `min_pass_rate` gates are exercised.
            Evaluator(id: "eval_exact_match", slug: "exact-match", name: "Exact match", scoreValueType: "boolean"),
        ],
        evaluatorWorkflows: ["wfv_quality_pipeline": "Quality pipeline"]
    )

    private static let topics = [
        "reset my password", "change my billing address", "export my data", "cancel my subscription",
        "add a team member", "enable two-factor authentication", "download an invoice", "change the plan",
        "recover a deleted project", "connect the Slack integration", "rotate an API key", "raise my rate limit",
    ]

    private static func rows(_ kind: String, _ count: Int) -> [(input: String, expected: String)] {
        (0..<count).map { index in
            let topic = topics[index % topics.count]
            let input =
                kind == "support" ? "How do I \(topic)?" : "I asked how to \(topic) three times and nobody answered."
            return (
                input, "Steps to \(topic), in order, with a link to the relevant settings page (\(kind) #\(index + 1))."
            )
        }
    }
}

extension Catalog.Dataset {
    func json(now: String) -> JSONValue {
        [
            "id": .string(id), "name": .string(name), "description": .string(description), "type": "llm",
            "status": "ready", "log_count": .int(rowCount), "created_at": .string(now), "updated_at": .string(now),
            "initial_log_filters": [:], "tags": [], "starred": false,
        ]
    }
}

extension Catalog.Evaluator {
    var json: JSONValue {
        if let managed { return managed }
        return [
            "id": .string(id), "evaluator_slug": .string(slug), "name": .string(name), "type": "llm",
            "score_value_type": .string(scoreValueType), "eval_class": "keywordsai_custom_llm",
            "version": 1, "is_read_only": false, "score_config": ["min_score": 0, "max_score": 1],
        ]
    }
}
