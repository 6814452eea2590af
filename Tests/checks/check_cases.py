#!/usr/bin/env python3
"""Runs the Python that respan-plan generates for each built-in check (design §13) on the
cases promptfoo documents for its assertion of the same name, written here as our own cases:
each check kind, its not_ form, the _any/_all forms (a list or promptfoo's comma-separated
text), equals on text and on JSON, is_json with and without a schema, a row's own checks in
promptfoo's hyphenated form, and a composite `all`. Every check is taken from
`respan-plan render --evaluators`, so this is the code apply would create.
Usage: check_cases.py PATH/TO/respan-plan
"""
import json
import pathlib
import subprocess
import sys
import tempfile
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "support"))
from checks import finish  # noqa: E402

CHECKS = {
    "contains": "{ contains: world }",
    "not_contains": "{ not-contains: world }",
    "icontains": "{ icontains: WORLD }",
    "contains_any": "{ contains_any: [cat, dog] }",
    "contains_any_text": "{ contains-any: 'cat, dog' }",
    "contains_all": "{ contains_all: [cat, dog] }",
    "icontains_any": "{ icontains_any: [CAT, DOG] }",
    "icontains_all": "{ icontains_all: [CAT, DOG] }",
    "not_icontains_all": "{ not_icontains_all: [CAT, DOG] }",
    "equals": "{ equals: 'Hello world' }",
    "equals_json": "{ equals: { a: 1, b: [true, null] } }",
    "starts_with": "{ starts_with: Hello }",
    "regex": "{ regex: '\\d{3}-\\d{4}' }",
    "not_regex": "{ not_regex: '^Sorry' }",
    "is_json": "{ is_json: true }",
    "is_json_schema": "{ is_json: { type: object, required: [name], properties: { name: { type: string }, "
                      "age: { type: integer, minimum: 0 } }, additionalProperties: false } }",
    "is_json_enum": "{ is_json: { type: object, properties: { n: { type: integer }, flag: { enum: [true] } } } }",
    "regex_named": "{ regex: '(?P<y>\\d{4})-(?P=y)' }",
    "row": "row",
    "all": "{ all: [{ icontains: refund }, { not_icontains_any: [sorry, unfortunately] }, row] }",
}

# (check, output, the row's own checks, expected verdict)
CASES = [
    ("contains", "Hello world", None, True), ("contains", "Hello World", None, False),
    ("not_contains", "Hello there", None, True), ("not_contains", "Hello world", None, False),
    ("icontains", "hello world", None, True), ("icontains", "hello there", None, False),
    ("contains_any", "a dog barks", None, True), ("contains_any", "a bird sings", None, False),
    ("contains_any_text", "a cat sleeps", None, True), ("contains_any_text", "a cow", None, False),
    ("contains_all", "cat and dog", None, True), ("contains_all", "cat only", None, False),
    ("icontains_any", "A Dog", None, True), ("icontains_all", "Cat and DOG", None, True),
    ("icontains_all", "Cat only", None, False),
    ("not_icontains_all", "cat only", None, True), ("not_icontains_all", "CAT DOG", None, False),
    ("equals", "Hello world", None, True), ("equals", "Hello world ", None, False),
    ("equals_json", '{"b": [true, null], "a": 1}', None, True), ("equals_json", '{"a": 2, "b": [true, null]}', None, False),
    ("equals_json", "not json", None, False),
    ("starts_with", "Hello there", None, True), ("starts_with", "Oh, Hello", None, False),
    ("regex", "call 555-1234 now", None, True), ("regex", "call 5551234", None, False),
    ("not_regex", "Happy to help", None, True), ("not_regex", "Sorry, no", None, False),
    ("is_json", '{"x": [1, 2]}', None, True), ("is_json", "[1, 2", None, False), ("is_json", "42", None, True),
    ("is_json_schema", '{"name": "Ada", "age": 36}', None, True),
    ("is_json_schema", '{"age": 36}', None, False),
    ("is_json_schema", '{"name": "Ada", "age": -1}', None, False),
    ("is_json_schema", '{"name": "Ada", "extra": 1}', None, False),
    ("is_json_schema", '{"name": 7}', None, False),
    ("is_json_enum", '{"n": 3.0, "flag": true}', None, True), ("is_json_enum", '{"n": 3.5}', None, False),
    ("is_json_enum", '{"flag": 1}', None, False),
    ("regex_named", "in 2024-2024", None, True), ("regex_named", "in 2024-2025", None, False),
    ("row", "The refund is on its way", [{"type": "icontains", "value": "REFUND"}], True),
    ("row", "The refund is on its way", [{"type": "not-icontains-any", "value": "sorry, way"}], False),
    ("row", "555-1234", [{"type": "regex", "value": "^\\d+-\\d+$"}, {"type": "starts-with", "value": "555"}], True),
    ("row", '{"ok": true}', [{"type": "is-json"}, {"type": "equals", "value": {"ok": True}}], True),
    ("row", "text", [{"contains": "tex"}], True),
    ("row", '{"a": 1}', [{"is_json": True}], True), ("row", "12", [{"contains_any": [1, 2]}], True),
    ("row", "x", [{"type": "contains-any", "value": "refund,"}], False),
    ("row", "x", [{"type": "not-contains-any", "value": "refund,"}], True),
    ("row", "A refund", [{"kind": "icontains", "not": False, "value": "REFUND"}], True),
    ("all", "Your refund was sent", [{"type": "contains", "value": "sent"}], True),
    ("all", "Sorry, your refund failed", [{"type": "contains", "value": "refund"}], False),
    ("all", "Your refund was sent", [{"type": "contains", "value": "missing"}], False),
]


def main():
    binary = str(pathlib.Path(sys.argv[1]).resolve())
    with tempfile.TemporaryDirectory() as work:
        lines = ["version: 1", "evaluators:"] + [f"  {name}: {{ check: {check} }}" for name, check in CHECKS.items()]
        lines += ["experiments:", "  answer:", "    dataset_id: ds_support_qa_2024",
                  f"    evaluators: [{', '.join(CHECKS)}]",
                  "    workflow: [{ type: completion, config: { model: gpt-4o-mini, max_tokens: 300 } }]"]
        pathlib.Path(work, "experiments.yaml").write_text("\n".join(lines) + "\n")
        rendered = subprocess.run([binary, "render", "--evaluators"], cwd=work, capture_output=True, text=True)
        if rendered.returncode != 0:
            return finish("built-in checks", [f"render --evaluators failed: {rendered.stderr}"])
        bodies = json.loads(rendered.stdout)["evaluators"]
    failures = []
    mains = {}
    for name, body in bodies.items():
        namespace = {}
        exec(compile(body["code_config"]["eval_code_snippet"], name, "exec"), namespace)
        mains[name] = namespace["main"]
        if body["score_value_type"] != "boolean" or body["type"] != "code":
            failures.append(f"{name}: not a boolean code evaluator: {body}")
    for name, output, row, expected in CASES:
        inputs = {"output": output, "metadata": {"assert": row} if row else {}}
        try:
            got = mains[name](inputs)
        except Exception as error:  # noqa: BLE001 - a raised check is a failed case, reported
            got = f"raised {error!r}"
        if got is not expected:
            failures.append(f"{name} on {output!r} (row checks {row}): expected {expected}, got {got}")
    try:
        mains["row"]({"output": "x", "metadata": {}})
        failures.append("a row without checks passed 'check: row' instead of raising (an evaluator error)")
    except ValueError:
        pass
    if mains["contains"]({"llm_output": "hello world"}) is not True:
        failures.append("the output is not read from llm_output when 'output' is absent")
    return finish(f"built-in checks ({len(CASES)} cases)", failures)


if __name__ == "__main__":
    sys.exit(main())
