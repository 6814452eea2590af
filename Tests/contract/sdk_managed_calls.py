"""The SDK calls for datasets and evaluators made through the API (managed datasets and
evaluators, issue 12): each must succeed and decode into the SDK's own model."""
from respan.core.api_error import ApiError

from sdk_calls import expect_model

ROW = {"input": {"question": "q1"}, "expected_output": "a1", "metadata": {"n": 1}}


def dataset_lifecycle(c):
    created = expect_model(c.call("datasets.create_dataset", name="contract/qa@0123456789ab", description="rows",
                                  is_empty=True), "CreateDatasetResponse")
    ident = created.id
    expect_model(c.call("datasets.update_dataset", ident, description="rows, complete"), "UpdateDatasetResponse")
    one = expect_model(c.call("datasets.create_dataset_log", ident, **ROW), "CreateDatasetLogResponse")
    bulk = expect_model(c.call("datasets.bulk_create_dataset_logs", ident,
                               logs=[{"input": f"q{n}", "expected_output": f"a{n}"} for n in range(2, 6)]),
                        "BulkOperationResponse")
    assert bulk.success_count == 4 and bulk.error_count == 0, bulk
    # 0.1.47: 1 to 500 rows a request, and a 400 when every row of a batch fails.
    for logs, what in (([{"expected_output": "no input"}], "every row failed"), ([], "no rows"),
                       ([{"input": f"q{n}"} for n in range(501)], "501 rows")):
        try:
            c.call("datasets.bulk_create_dataset_logs", ident, logs=logs)
        except ApiError as error:
            assert error.status_code == 400, (what, error.status_code)
        else:
            raise AssertionError(f"a bulk request with {what} was not refused with 400")
    listed = c.call("datasets.list_dataset_logs", ident, page_size=2)
    assert type(listed).__name__ == "ListDatasetLogsResponseCount", type(listed).__name__
    assert listed.count == 5 and len(listed.results) == 2, listed
    unique = one.unique_id
    log = expect_model(c.call("datasets.retrieve_dataset_log", ident, unique), "RetrieveDatasetLogResponse")
    assert log.input == ROW["input"], log
    c.call("datasets.delete_dataset_log", ident, unique)
    assert c.call("datasets.retrieve_dataset", ident).log_count == 4
    c.call("datasets.delete_dataset", ident)
    try:
        c.call("datasets.retrieve_dataset", ident)
    except ApiError as error:
        assert error.status_code == 404, error.status_code
    else:
        raise AssertionError("a deleted dataset is still there")


def evaluator_lifecycle(c):
    created = expect_model(c.call("evaluators.create_evaluator", name="contract/tone", evaluator_slug="contract-tone",
                                  type="llm", score_value_type="numerical",
                                  llm_config={"model": "gpt-4o-mini", "evaluator_definition": "Rate the tone."},
                                  score_config={"min_score": 1, "max_score": 5}), "CreateEvaluatorResponse")
    ident = created.id
    expect_model(c.call("evaluators.update_evaluator", ident, description="warmer"), "UpdateEvaluatorResponse")
    assert created.version == 0, created  # version 0 is the first draft
    committed = expect_model(c.call("evaluators.create_evaluator_version", ident, version_description="v1"),
                             "CreateEvaluatorVersionResponse")
    # 0.1.47: the commit answers the next editable draft, not the version it froze.
    assert committed.version == 1 and not committed.is_read_only, committed
    expect_model(c.call("evaluators.replace_evaluator", ident, name="contract/tone", type="llm",
                        score_value_type="numerical", llm_config={"model": "gpt-4o", "evaluator_definition": "Rate."}),
                 "ReplaceEvaluatorResponse")
    versions = expect_model(c.call("evaluators.list_evaluator_versions", ident), "ListEvaluatorVersionsResponse")
    assert [v.version for v in versions.results] == [1, 0], versions
    assert [v.is_read_only for v in versions.results] == [False, True], versions
    c.call("evaluators.delete_evaluator", ident)


CHECKS = [
    ("create_dataset, update_dataset, create/bulk/list/retrieve/delete dataset logs, delete_dataset", dataset_lifecycle),
    ("create_evaluator, update/replace_evaluator, create_evaluator_version, list_evaluator_versions, delete",
     evaluator_lifecycle),
]
