"""The SDK calls the sandbox does not implement, each with the reason. Each is still called: the
sandbox must answer Respan's documented error shape (`{"detail": "..."}`, here a 404 for a route
it does not serve or a 405 for a method it does not serve on a route it knows), so the SDK raises
its typed ApiError instead of failing to decode."""
from respan.core.api_error import ApiError

DATASET = "ds_support_qa_2024"
# The reasons, in short (each check's name carries one):
#   read-only catalog: respan-plan refers to datasets and evaluators and never edits them;
#   rows only as traces: the seeded dataset rows are served as experiment traces, not as dataset logs;
#   scores only in runs: scores are deterministic pseudo-scores computed inside experiment runs;
#   one version: each seeded evaluator has one committed version and no draft;
#   not experiment traces: /api/traces/ holds the traces applications log, which the sandbox has none of
#   (an experiment's traces are served through experiments.*_experiment_span(s)).
CATALOG = "read-only catalog"
DATASET_LOGS = "rows only as traces"
EVALUATOR_RUNS = "scores only in runs"
VERSIONS = "one version"
TRACES = "not experiment traces"

LOG = {"input": "q", "output": "a"}
EVALUATOR = {"name": "x", "type": "llm", "score_value_type": "numerical"}

# name: (reason, positional arguments, keyword arguments)
UNSUPPORTED = {
    "datasets.create_dataset": (CATALOG, (), {"name": "new", "is_empty": True}),
    "datasets.update_dataset": (CATALOG, (DATASET,), {"name": "renamed"}),
    "datasets.delete_dataset": (CATALOG, (DATASET,), {}),
    "datasets.list_dataset_logs": (DATASET_LOGS, (DATASET,), {}),
    "datasets.create_dataset_log": (DATASET_LOGS, (DATASET,), LOG),
    "datasets.bulk_create_dataset_logs": (DATASET_LOGS, (DATASET,), {"logs": [LOG]}),
    "datasets.retrieve_dataset_log": (DATASET_LOGS, (DATASET, "log_1"), {}),
    "datasets.replace_dataset_log": (DATASET_LOGS, (DATASET, "log_1"), LOG),
    "datasets.update_dataset_log": (DATASET_LOGS, (DATASET, "log_1"), {"output": "b"}),
    "datasets.delete_dataset_log": (DATASET_LOGS, (DATASET, "log_1"), {}),
    "datasets.summarize_dataset_logs_filtered": (DATASET_LOGS, (DATASET,), {}),
    "datasets.import_dataset_logs": (
        "no production logs to import", (DATASET,),
        {"start_time": "2024-01-01T00:00:00Z", "end_time": "2024-01-02T00:00:00Z"}),
    "datasets.remove_dataset_logs": (DATASET_LOGS, (DATASET,), {"is_deleting_all_logs": True}),
    "datasets.run_eval_on_dataset": (EVALUATOR_RUNS, (DATASET,), {"evaluator_ids": ["eval_quality"]}),
    "datasets.list_dataset_eval_runs": (EVALUATOR_RUNS, (DATASET,), {}),
    "evaluators.create_evaluator": (CATALOG, (), EVALUATOR),
    "evaluators.replace_evaluator": (CATALOG, ("eval_quality",), EVALUATOR),
    "evaluators.update_evaluator": (CATALOG, ("eval_quality",), {"name": "renamed"}),
    "evaluators.delete_evaluator": (CATALOG, ("eval_quality",), {}),
    "evaluators.run_evaluator": (EVALUATOR_RUNS, ("eval_quality",), {"inputs": {"input": "q", "output": "a"}}),
    "evaluators.list_evaluator_versions": (VERSIONS, ("eval_quality",), {}),
    "evaluators.create_evaluator_version": (VERSIONS, ("eval_quality",), {"version_description": "v2"}),
    "evaluators.retrieve_evaluator_version": (VERSIONS, ("eval_quality", 1), {}),
    "evaluators.replace_evaluator_version": (VERSIONS, ("eval_quality", 1), EVALUATOR),
    "evaluators.update_evaluator_version": (VERSIONS, ("eval_quality", 1), {"name": "renamed"}),
    "traces.list_traces": (TRACES, (), {}),
    "traces.retrieve_trace": (TRACES, ("trace_1",), {}),
    "traces.delete_trace": (TRACES, ("trace_1",), {}),
    "traces.share_trace": (TRACES, ("trace_1",), {"is_public": True}),
    "traces.retrieve_public_trace": (TRACES, ("org_1", "trace_1"), {}),
    "traces.bulk_delete_traces": (TRACES, (), {"filters": {}}),
    "traces.create_trace": (TRACES, (), {"resource_spans": []}),
    "traces.create_trace_legacy": (TRACES, (), {"request": []}),
}


def answers_the_error_shape(name, arguments, keywords):
    def check(c):
        try:
            c.call(name, *arguments, **keywords)
        except ApiError as error:
            assert error.status_code in (404, 405), f"status {error.status_code}"
            assert isinstance(error.body, dict) and isinstance(error.body.get("detail"), str), error.body
        else:
            raise AssertionError("succeeded, yet it is listed as unsupported: move it to sdk_calls.py")
    return check


CHECKS = [(f"{name} (unsupported: {reason})", answers_the_error_shape(name, arguments, keywords))
          for name, (reason, arguments, keywords) in UNSUPPORTED.items()]
