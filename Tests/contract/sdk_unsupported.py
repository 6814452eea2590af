"""The SDK calls the sandbox does not implement, each with the reason. Each is still called: the
sandbox must answer Respan's documented error shape (`{"detail": "..."}`, here a 404 for a route
it does not serve or a 405 for a method it does not serve on a route it knows), so the SDK raises
its typed ApiError instead of failing to decode."""
from respan.core.api_error import ApiError

DATASET = "ds_support_qa_2024"
# The reasons, in short (each check's name carries one):
#   rows added and removed: managed datasets add rows (one or in bulk) and delete them, never edit them
#   or summarize them (a dataset's rows reach results as experiment traces);
#   scores only in runs: scores are deterministic pseudo-scores computed inside experiment runs;
#   versions committed, not edited: a managed evaluator commits its draft and lists its versions; one
#   version is never read or edited by number;
#   not experiment traces: /api/traces/ holds the traces applications log, which the sandbox has none of
#   (an experiment's traces are served through experiments.*_experiment_span(s)).
DATASET_LOGS = "rows added and removed"
EVALUATOR_RUNS = "scores only in runs"
VERSIONS = "versions committed, not edited"
TRACES = "not experiment traces"

LOG = {"input": "q", "output": "a"}
EVALUATOR = {"name": "x", "type": "llm", "score_value_type": "numerical"}

# name: (reason, positional arguments, keyword arguments)
UNSUPPORTED = {
    "datasets.replace_dataset_log": (DATASET_LOGS, (DATASET, "log_1"), LOG),
    "datasets.update_dataset_log": (DATASET_LOGS, (DATASET, "log_1"), {"output": "b"}),
    "datasets.summarize_dataset_logs_filtered": (DATASET_LOGS, (DATASET,), {}),
    "datasets.import_dataset_logs": (
        "no production logs to import", (DATASET,),
        {"start_time": "2024-01-01T00:00:00Z", "end_time": "2024-01-02T00:00:00Z"}),
    "datasets.remove_dataset_logs": (DATASET_LOGS, (DATASET,), {"is_deleting_all_logs": True}),
    "datasets.run_eval_on_dataset": (EVALUATOR_RUNS, (DATASET,), {"evaluator_ids": ["eval_quality"]}),
    "datasets.list_dataset_eval_runs": (EVALUATOR_RUNS, (DATASET,), {}),
    "evaluators.run_evaluator": (EVALUATOR_RUNS, ("eval_quality",), {"inputs": {"input": "q", "output": "a"}}),
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
