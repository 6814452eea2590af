#!/usr/bin/env python3
"""Keeps schemas/ and the loader in agreement.

Every example (root and included files) and every manifest of the valid corpus must pass the
JSON Schema and `respan-plan validate` (with the environment its `# env: NAME=VALUE` lines set);
every manifest of the invalid corpus must fail the loader, and must fail the schema too
unless it is listed in SCHEMA_CANNOT_SEE with the reason (a rule that needs more than one
document's shape: references, includes, interpolation, YAML-level limits).

Usage: check_agreement.py PATH/TO/respan-plan
"""
import json
import os
import pathlib
import subprocess
import sys

import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCHEMAS = ROOT / "schemas"
CORPUS = ROOT / "Tests" / "Fixtures" / "invalid"
VALID = ROOT / "Tests" / "Fixtures" / "valid"

SCHEMA_CANNOT_SEE = {
    # references between sections, resolved by the loader
    "experiment-unknown-dataset.yaml", "experiment-unknown-evaluator.yaml", "experiment-unknown-workflow.yaml",
    "experiment-ids-and-slugs.yaml", "experiment-two-scoring-paths.yaml", "experiment-no-evaluators.yaml",
    "experiment-missing-dataset.yaml", "experiment-missing-workflow.yaml", "gate-unknown-evaluator.yaml",
    "moved-to-missing.yaml", "moved-from-existing.yaml", "moved-twice.yaml", "experiment-evaluator-twice.yaml",
    # a runner needs a wait step in the workflow (design §14)
    "runner-without-wait.yaml",
    # step-specific config rules
    "step-completion-without-model.yaml", "step-temperature-out-of-range.yaml", "step-prompt-without-prompt.yaml",
    # ${{ }} expressions are evaluated by the loader
    "interpolation-unknown-axis.yaml", "interpolation-unset-env.yaml", "interpolation-outside-matrix.yaml",
    "interpolation-unknown-namespace.yaml", "interpolation-unterminated.yaml", "interpolation-project-unset.yaml",
    # several files together
    "include-cycle", "include-missing", "include-duplicate-name",
    # the loader's YAML 1.2 core schema and limits; PyYAML reads YAML 1.1 without limits
    # (PyYAML reads `yes` as true; respan-plan reads YAML 1.2, where it is the string "yes")
    "yaml-billion-laughs.yaml", "yaml-too-deep.yaml", "yaml-non-finite-number.yaml", "yaml-duplicate-key.yaml",
    "experiment-yaml11-boolean.yaml",
    # PyYAML keeps the last of two keys that become one JSON key, silently
    "config-colliding-keys.yaml", "tags-colliding-keys.yaml",
    # an environment value typed by its field
    "interpolation-env-not-a-number.yaml",
    # an explicit tag (`!!float 3.10`) on a text field; the schema sees the number, which plain text may be
    "text-explicit-tag.yaml",
    # a default gate checked against the evaluators experiments use
    "defaults-gate-unknown-evaluator.yaml",
}


def registry():
    resources = [(p.name, Resource.from_contents(json.loads(p.read_text()))) for p in SCHEMAS.glob("*.schema.json")]
    return Registry().with_resources(resources)


def validator(name, reg):
    schema = json.loads((SCHEMAS / name).read_text())
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, registry=reg)


def schema_errors(path, check):
    """Schema findings for one YAML file; a file PyYAML cannot read counts as rejected."""
    try:
        with open(path, "rb") as handle:
            document = yaml.safe_load(handle)
    except (yaml.YAMLError, ValueError, RecursionError) as error:
        return [f"unreadable: {str(error).splitlines()[0]}"]
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in check.iter_errors(document)]


def loader_accepts(binary, path, environment=None):
    env = {**os.environ, **(environment or {})}
    result = subprocess.run([binary, "validate", str(path)], capture_output=True, text=True, cwd=ROOT, env=env)
    if result.returncode not in (0, 1):
        raise SystemExit(f"{path}: validate exited {result.returncode}: {result.stderr}")
    return result.returncode == 0


def check_plan_documents(binary):
    """`plan --format json` and a saved plan of the quickstart match schemas/plan.schema.json."""
    import shutil
    import tempfile
    check = validator("plan.schema.json", registry())
    failures = []
    with tempfile.TemporaryDirectory() as work:
        shutil.copy(ROOT / "examples" / "quickstart" / "experiments.yaml", work)
        result = subprocess.run([binary, "plan", "--sandbox", "--format", "json", "--out", "saved.json"],
                                capture_output=True, text=True, cwd=work)
        if result.returncode != 0:
            return [f"plan --format json failed: {result.stderr}"]
        documents = [("plan --format json", json.loads(result.stdout)),
                     ("plan --out", json.loads(pathlib.Path(work, "saved.json").read_text()))]
        # A model change after an apply: an update whose fields carry nested paths.
        subprocess.run([binary, "apply", "--sandbox", "--auto-approve"], capture_output=True, cwd=work, check=True)
        manifest = pathlib.Path(work, "experiments.yaml")
        manifest.write_text(manifest.read_text().replace("model: gpt-4o-mini,", "model: gpt-4o,"))
        result = subprocess.run([binary, "plan", "--sandbox", "--format", "json"], capture_output=True, text=True,
                                cwd=work)
        if result.returncode != 0:
            return failures + [f"plan --format json after a model change failed: {result.stderr}"]
        changed = json.loads(result.stdout)
        documents.append(("plan --format json after a model change", changed))
        paths = [p["path"] for c in changed["changes"] for f in c["fields"] for p in f.get("paths", [])]
        if "workflow[0].config.model" not in paths:
            failures.append(f"plan --format json after a model change has no workflow[0].config.model path: {paths}")
        # The suite example manages a dataset and an evaluator: the plan's `managed` member.
        shutil.copytree(ROOT / "examples" / "suite", pathlib.Path(work, "suite"))
        result = subprocess.run([binary, "plan", "--sandbox", "--format", "json"], capture_output=True, text=True,
                                cwd=pathlib.Path(work, "suite"))
        if result.returncode != 0:
            return failures + [f"plan --format json of examples/suite failed: {result.stderr}"]
        managed = json.loads(result.stdout)
        documents.append(("plan --format json of examples/suite (managed objects)", managed))
        if [d["action"] for d in managed.get("managed", {}).get("datasets", [])] != ["upload"]:
            failures.append(f"plan --format json of examples/suite does not upload its dataset: {managed.get('managed')}")
        for name, document in documents:
            errors = [e.message for e in check.iter_errors(document)]
            if errors:
                failures.append(f"{name} does not match plan.schema.json: {errors[:3]}")
    return failures


RESULTS_MANIFEST = """version: 1
evaluators:
  quality: { id: eval_quality }
experiments:
  answer:
    dataset_id: ds_support_qa_2024
    evaluators: [quality]
    replace_strategy: recreate
    workflow: [{ type: completion, config: { model: MODEL } }]
    gates: { quality: { min_mean: 0.5, max_regression: 0.05 } }
"""


def check_results_documents(binary):
    """`results --format json`, alone and against a baseline, matches schemas/results.schema.json."""
    import shutil
    import tempfile
    check = validator("results.schema.json", registry())
    failures = []
    with tempfile.TemporaryDirectory() as work:
        manifest = pathlib.Path(work, "experiments.yaml")
        manifest.write_text(RESULTS_MANIFEST.replace("MODEL", "gpt-4.1"))
        subprocess.run([binary, "apply", "--sandbox", "--auto-approve", "--wait"], capture_output=True, cwd=work,
                       check=True)
        shutil.copy(pathlib.Path(work, "experiments.lock"), pathlib.Path(work, "main.lock"))
        runs = [("results --format json", [])]
        manifest.write_text(RESULTS_MANIFEST.replace("MODEL", "gpt-4o"))
        runs.append(("results --format json --baseline (a changed run)", ["--baseline", "main.lock"]))
        for index, (name, extra) in enumerate(runs):
            if index == 1:
                subprocess.run([binary, "apply", "--sandbox", "--auto-approve", "--wait"], capture_output=True,
                               cwd=work, check=True)
            result = subprocess.run([binary, "results", "--sandbox", "--format", "json"] + extra,
                                    capture_output=True, text=True, cwd=work)
            if result.returncode not in (0, 3):
                failures.append(f"{name} exited {result.returncode}: {result.stderr}")
                continue
            errors = [e.message for e in check.iter_errors(json.loads(result.stdout))]
            if errors:
                failures.append(f"{name} does not match results.schema.json: {errors[:3]}")
    return failures


def main():
    binary = str(pathlib.Path(sys.argv[1]).resolve())
    reg = registry()
    root_check = validator("respan-plan.schema.json", reg)
    include_check = validator("respan-plan-include.schema.json", reg)
    failures, checked = [], 0
    for path in sorted((ROOT / "examples").rglob("*.yaml")):
        is_root = path.name == "experiments.yaml"
        errors = schema_errors(path, root_check if is_root else include_check)
        checked += 1
        if errors:
            failures.append(f"example {path.relative_to(ROOT)} fails the schema: {errors}")
        if is_root and not loader_accepts(binary, path):
            failures.append(f"example {path.relative_to(ROOT)} fails the loader")
    for path in sorted(VALID.glob("*.yaml")):
        checked += 1
        environment = dict(line[len("# env: "):].partition("=")[::2]
                           for line in path.read_text().splitlines() if line.startswith("# env: "))
        errors = schema_errors(path, root_check)
        if errors:
            failures.append(f"valid case {path.name} fails the schema: {errors}")
        if not loader_accepts(binary, path, environment):
            failures.append(f"valid case {path.name} fails the loader")
    for case in sorted(CORPUS.iterdir()):
        root = case / "experiments.yaml" if case.is_dir() else case
        checked += 1
        if loader_accepts(binary, root):
            failures.append(f"invalid case {case.name} passes the loader")
        schema_rejects = bool(schema_errors(root, root_check))
        if case.is_dir():
            schema_rejects = schema_rejects or any(
                schema_errors(p, include_check) for p in case.glob("*.yaml") if p.name != "experiments.yaml")
        if case.name in SCHEMA_CANNOT_SEE and schema_rejects:
            failures.append(f"invalid case {case.name} is listed as invisible to the schema, but the schema rejects it")
        if case.name not in SCHEMA_CANNOT_SEE and not schema_rejects:
            failures.append(f"invalid case {case.name} passes the schema")
    failures += check_plan_documents(binary)
    checked += 3
    failures += check_results_documents(binary)
    checked += 2
    for failure in failures:
        print(f"error: {failure}")
    print(f"schema agreement: {checked - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
