"""The SDK calls the sandbox implements: each must succeed and decode into the SDK's own model
(the SDK validates every answer with pydantic, so a missing or mistyped field fails here)."""
import time

from respan.core.api_error import ApiError

DATASET = "ds_support_qa_2024"
ROWS = 36  # rows of DATASET in the sandbox's seeded catalog


def workflow(model):
    return [{"type": "completion", "config": {"model": model, "temperature": 0.2}}]


def is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def expect_model(value, name):
    assert type(value).__name__ == name, f"decoded as {type(value).__name__}, not {name}"
    return value


# Before any score exists: a sandbox whose runs never leave `pending`.

def create_pending(c):
    created = c.call("experiments.create_experiment", frozen=True, experiment_id="exp_before", dataset_id=DATASET,
                     workflow=workflow("gpt-4.1"), evaluator_ids=["eval_quality", "eval_exact_match"])
    assert expect_model(created, "CreateExperimentResponse").status == "pending"


def histogram_before_scores(c):
    for evaluator in ("eval_quality", "eval_exact_match"):
        answer = c.call("experiments.filter_experiment_score_histogram", "exp_before", frozen=True,
                        evaluator_id=evaluator, bins=5)
        stats = expect_model(answer, "FilterExperimentScoreHistogramResponse").stats
        assert all(is_number(value) for value in (stats.min, stats.max, stats.mean)), stats
        assert stats.total == 0 and sum(b.count for b in answer.bins) == 0, answer


def spans_before_scores(c):
    traces = list(c.call("experiments.list_experiment_spans", "exp_before", frozen=True))
    assert traces == [], traces
    summary = c.call("experiments.filter_experiment_spans_summary", "exp_before", frozen=True)
    assert expect_model(summary, "FilterExperimentSpansSummaryResponse").number_of_requests == 0


# Experiments on the running sandbox (runs take a second).

def create(c):
    a = c.call("experiments.create_experiment", experiment_id="exp_contract_a", name="A", dataset_id=DATASET,
               workflow=workflow("gpt-4.1"), evaluator_ids=["eval_quality", "eval_exact_match"])
    b = c.call("experiments.create_experiment", experiment_id="exp_contract_b", name="B", dataset_id=DATASET,
               workflow=workflow("gpt-4o"), evaluator_slugs=["quality-assessment", "exact-match"],
               batch_size=10, concurrency=2, enable_tracing=True, span_workflow_name="answer")
    w = c.call("experiments.create_experiment", experiment_id="exp_contract_w", name="W", description="pipeline",
               dataset_id=DATASET, workflow=[{"type": "duplicate", "config": {}}],
               evaluator_workflow_ids=["wfv_quality_pipeline"], generation_method="auto")
    for created in (a, b, w):
        assert expect_model(created, "CreateExperimentResponse").status == "pending", created
    assert b.batch_size == 10 and b.evaluator_slugs == ["quality-assessment", "exact-match"], b


def list_and_filter(c):
    pager = c.call("experiments.list_experiments", page_size=2)
    ids = {item.id for item in pager}  # three pages of two, then an empty one
    assert ids == {"exp_contract_a", "exp_contract_b", "exp_contract_w"}, ids
    expect_model(pager.response, "ListExperimentsResponse")
    picked = c.call("experiments.list_experiments", filters={"id": {"operator": "in",
                                                                    "value": ["exp_contract_a", "exp_contract_b"]}})
    assert {item.id for item in picked} == {"exp_contract_a", "exp_contract_b"}
    summary = c.call("experiments.filter_experiments_summary", filters={"name": {"operator": "", "value": ["W"]}})
    assert expect_model(summary, "FilterExperimentsSummaryResponse").total_count == 1, summary


def retrieve(c):
    experiment = c.call("experiments.retrieve_experiment", "exp_contract_a")
    assert expect_model(experiment, "RetrieveExperimentResponse").evaluator_ids == ["eval_quality",
                                                                                     "eval_exact_match"]
    assert experiment.dataset_id == DATASET and experiment.workflow[0].config["model"] == "gpt-4.1"


def update_and_replace(c):
    patched = c.call("experiments.update_experiment", "exp_contract_w", description="patched")
    assert expect_model(patched, "UpdateExperimentResponse").description == "patched"
    replaced = c.call("experiments.replace_experiment", "exp_contract_w", name="W2", dataset_id=DATASET,
                      workflow=workflow("gpt-4o-mini"), evaluator_workflow_ids=["wfv_quality_pipeline"])
    assert expect_model(replaced, "ReplaceExperimentResponse").name == "W2", replaced
    assert replaced.description in (None, ""), "PUT resets what it omits"


def runs_complete(c):
    deadline = time.monotonic() + 20
    for experiment in ("exp_contract_a", "exp_contract_b", "exp_contract_w"):
        while (status := c.call("experiments.retrieve_experiment", experiment).status) != "completed":
            assert status in ("pending", "running") and time.monotonic() < deadline, f"{experiment}: {status}"
            time.sleep(0.1)


def traces(c, experiment, **options):
    return list(c.call("experiments.list_experiment_spans", experiment, **options))


def list_spans(c):
    paged = traces(c, "exp_contract_a", page_size=10)
    assert len(paged) == ROWS and len({t.id for t in paged}) == ROWS, len(paged)
    detailed = traces(c, "exp_contract_a", page_size=50, detail="1", sort_by="start_time")
    assert {t.id for t in detailed} == {t.id for t in paged}
    first = paged[0]
    assert set(first.scores) == {"eval_quality", "eval_exact_match"}, first.scores
    assert is_number(first.scores["eval_quality"].numerical_value)
    flag = first.scores["eval_exact_match"]
    assert flag.score_value_type == "boolean" and isinstance(flag.boolean_value, bool), flag
    assert flag.numerical_value is None, flag
    filtered = traces(c, "exp_contract_a", filters={"comparison_key": {"operator": "", "value": [first.comparison_key]}})
    assert [t.id for t in filtered] == [first.id], filtered


def comparison_keys_pair_rows(c):
    keys = [{t.comparison_key for t in traces(c, e, page_size=50)} for e in ("exp_contract_a", "exp_contract_b")]
    assert len(keys[0]) == ROWS and keys[0] == keys[1], "two specs on one dataset share every comparison_key"


def oversized_pages(c):
    """0.1.47 declares 413 on the trace routes and `preview_length` on the list: a page of more full
    traces than the sandbox's limit (50 by default) is refused, the same page with previews is served."""
    try:
        traces(c, "exp_contract_a", page_size=100)
    except ApiError as error:
        assert error.status_code == 413 and type(error).__name__ == "ContentTooLargeError", error
        assert isinstance(error.body.get("detail"), str), error.body
    else:
        raise AssertionError("a page of 100 traces with full text was served")
    previewed = traces(c, "exp_contract_a", page_size=100, preview_length=8)
    full = {t.id: t for t in traces(c, "exp_contract_a", page_size=50)}
    assert len(previewed) == ROWS and {t.id for t in previewed} == set(full), len(previewed)
    for trace in previewed:
        assert isinstance(trace.output, str) and len(trace.output) <= 8, trace.output
        assert full[trace.id].output.startswith(trace.output), (trace.output, full[trace.id].output)
        assert trace.scores == full[trace.id].scores and trace.total_cost == full[trace.id].total_cost


def count_nodes(nodes):
    return sum(1 + count_nodes(node["children"] if isinstance(node, dict) else node.children or []) for node in nodes)


def retrieve_span(c):
    trace = traces(c, "exp_contract_b", page_size=1)[0]
    detail = expect_model(c.call("experiments.retrieve_experiment_span", "exp_contract_b", trace.id),
                          "RetrieveExperimentSpanResponse")
    assert detail.id == trace.id and detail.span_tree, detail
    root = detail.span_tree[0]
    assert root.id and root.trace_unique_id == trace.id and root.span_name == "answer", root
    assert all(child.get("id") and child.get("trace_unique_id") == trace.id for child in root.children), root
    assert detail.span_count == count_nodes(detail.span_tree), (detail.span_count, detail.span_tree)


def update_span(c):
    trace = traces(c, "exp_contract_a", page_size=1)[0]
    answer = c.call("experiments.update_experiment_span", "exp_contract_a", trace.id,
                    input={"question": "q"}, output={"answer": "a"}, metrics={"cost": 0.001}, metadata={"k": "v"})
    assert expect_model(answer, "UpdateExperimentSpanResponse").id == trace.id, answer


def spans_summary(c):
    summary = c.call("experiments.filter_experiment_spans_summary", "exp_contract_a")
    assert expect_model(summary, "FilterExperimentSpansSummaryResponse").number_of_requests == ROWS, summary
    quality, flag = summary.scores["eval_quality"], summary.scores["eval_exact_match"]
    assert quality.score_value_type == "numerical" and is_number(quality.avg_score), quality
    assert flag.score_value_type == "boolean" and flag.true_count + flag.false_count == ROWS, flag
    assert abs(flag.avg_score - flag.true_count / ROWS) < 1e-3, "a boolean's avg_score is its pass rate"
    c.state["true_count"] = flag.true_count


def histograms(c):
    numeric = c.call("experiments.filter_experiment_score_histogram", "exp_contract_a", evaluator_id="eval_quality",
                     bins=10)
    expect_model(numeric, "FilterExperimentScoreHistogramResponse")
    assert len(numeric.bins) == 10 and numeric.stats.total == ROWS and 0 <= numeric.stats.min <= numeric.stats.max
    boolean = c.call("experiments.filter_experiment_score_histogram", "exp_contract_a",
                     evaluator_id="eval_exact_match")
    counts = {b.label: b.count for b in boolean.bins}
    assert set(counts) == {"false", "true"} and sum(counts.values()) == ROWS, boolean.bins
    assert counts["true"] == c.state.get("true_count"), (counts, c.state)


def delete(c):
    assert c.call("experiments.delete_experiment", "exp_contract_w") is None
    try:
        c.call("experiments.retrieve_experiment", "exp_contract_w")
    except ApiError as error:
        assert error.status_code == 404 and isinstance(error.body.get("detail"), str), error
    else:
        raise AssertionError("a deleted experiment is still there")


# The seeded catalog.

def datasets(c):
    listed = expect_model(c.call("datasets.list_datasets", page_size=1), "ListDatasetsResponse")
    assert listed.count == listed.total_count >= 2 and len(listed.results) == 1, listed
    dataset = expect_model(c.call("datasets.retrieve_dataset", DATASET), "RetrieveDatasetResponse")
    assert dataset.id == DATASET and dataset.log_count == ROWS, dataset


def evaluators(c):
    listed = expect_model(c.call("evaluators.list_evaluators", page_size=100), "ListEvaluatorsResponse")
    types = {e.id: e.score_value_type for e in listed.results}
    assert types.get("eval_exact_match") == "boolean" and types.get("eval_quality") == "numerical", types
    everything = c.call("evaluators.get_filtered_evaluators_summary")
    assert expect_model(everything, "GetFilteredEvaluatorsSummaryResponse").total_count == listed.count
    booleans = c.call("evaluators.get_filtered_evaluators_summary",
                      filters={"score_value_type": {"operator": "", "value": ["boolean"]}})
    assert booleans.total_count == 1, booleans
    one = expect_model(c.call("evaluators.retrieve_evaluator", "eval_exact_match"), "RetrieveEvaluatorResponse")
    assert one.evaluator_slug == "exact-match" and one.score_value_type == "boolean", one


CHECKS = [
    ("create_experiment (runs held pending)", create_pending),
    ("filter_experiment_score_histogram before any score", histogram_before_scores),
    ("list_experiment_spans, filter_experiment_spans_summary before any score", spans_before_scores),
    ("create_experiment by ids, slugs and workflow ids", create),
    ("list_experiments (paged, filtered), filter_experiments_summary", list_and_filter),
    ("retrieve_experiment", retrieve),
    ("update_experiment, replace_experiment", update_and_replace),
    ("runs complete (retrieve_experiment polled)", runs_complete),
    ("list_experiment_spans (paged, detail, filtered)", list_spans),
    ("comparison_key pairs every row of two specs", comparison_keys_pair_rows),
    ("list_experiment_spans: 413 on an oversized page, preview_length served", oversized_pages),
    ("retrieve_experiment_span: span_tree ids, span_count", retrieve_span),
    ("update_experiment_span", update_span),
    ("filter_experiment_spans_summary: numerical mean, boolean pass rate", spans_summary),
    ("filter_experiment_score_histogram: numerical and boolean", histograms),
    ("delete_experiment, then 404", delete),
    ("list_datasets, retrieve_dataset", datasets),
    ("list_evaluators, get_filtered_evaluators_summary, retrieve_evaluator", evaluators),
]
