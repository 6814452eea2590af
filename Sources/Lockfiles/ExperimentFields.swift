/// Which experiment request fields define a run, which are metadata, and which respan-plan
/// sends at all (respan-api.md §2.2 and §9: the documented create, replace and update fields).
public enum ExperimentFields {
    /// The field of a lockfile's `applied` body that records the content digests of the managed
    /// datasets and evaluators a run used: `{"dataset:NAME" | "evaluator:NAME": digest}`. It is
    /// part of the spec (so changed rows make a new run) and never sent.
    public static let managedInputs = "managed_inputs"
    /// Fields whose change defines a new run (a new experiment; design §3); the rest are
    /// metadata, PATCHed.
    public static let run: Set<String> = [
        "dataset_id", "workflow", "evaluator_ids", "evaluator_slugs",
        "evaluator_workflow_ids", "batch_size", "concurrency", "enable_tracing", "span_workflow_name",
        "generation_method", managedInputs,
    ]
    /// What PATCH may carry (design §3): the run is immutable, its name and description are not.
    public static let metadata: Set<String> = ["name", "description"]
    /// The only fields respan-plan sends, and the only ones it compares for drift.
    public static let documented: Set<String> = run.union(metadata).union(["experiment_id"])
}
