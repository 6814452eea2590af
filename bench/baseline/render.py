#!/usr/bin/env python3
"""The Python baseline: does `respan-plan render`'s job on a generated suite, the way a user
could in an afternoon (PyYAML's C loader, json, hashlib).

    bench/baseline/render.py SUITE/experiments.yaml [--digests FILE]

Loads the root and its includes, applies `defaults` (own value in any spelling replaces the
default; `gates` merge key by key), expands matrices (keys name the axes in sorted
order), substitutes `${{ matrix.X }}`, `${{ env.X || 'fallback' }}` and `${{ project }}`,
resolves datasets, evaluators and named workflows, and prints the same canonical document as
`respan-plan render`. With --digests it also writes `KEY sha256:HEX` per experiment, the
SHA-256 of the compact canonical body (the lockfile's spec_digest).

It covers what bench/generate.py writes, not the whole manifest language: no diagnostics,
and YAML 1.1 typing (PyYAML) stands in for YAML 1.2, which agree on the generated values.
"""
import hashlib
import itertools
import json
import os
import re
import sys

import yaml

LOADER = yaml.CSafeLoader
SPELLINGS = [["dataset", "dataset_id"], ["evaluators", "evaluator_ids", "evaluator_slugs", "evaluator_workflow_ids"]]
MERGED = {"gates"}
EXPRESSION = re.compile(r"\$\{\{(.*?)\}\}")
REFERENCE_FIELD = {"id": "evaluator_ids", "slug": "evaluator_slugs", "workflow_version_id": "evaluator_workflow_ids"}


def load(path):
    with open(path, "rb") as f:
        return yaml.load(f, Loader=LOADER) or {}


def without_extensions(value):
    if isinstance(value, dict):
        return {k: without_extensions(v) for k, v in value.items() if not str(k).startswith("x-")}
    if isinstance(value, list):
        return [without_extensions(v) for v in value]
    return value


def read_suite(root_path):
    """Root document plus every section of every included file, each file once."""
    root = load(root_path)
    sections = {"datasets": {}, "evaluators": {}, "workflows": {}, "experiments": {}}
    seen, queue = set(), [(root_path, root)]
    while queue:
        path, document = queue.pop(0)
        for name in sections:
            for key, value in (document.get(name) or {}).items():
                if not str(key).startswith("x-"):
                    sections[name][str(key)] = value
        base = os.path.dirname(path)
        for include in document.get("include") or []:
            target = os.path.normpath(os.path.join(base, include))
            if target not in seen:
                seen.add(target)
                queue.append((target, load(target)))
    return root, sections


def text(value):
    """A scalar as text (what a splice or a matrix key shows)."""
    if value is True or value is False:
        return "true" if value else "false"
    if value is None:
        return "null"
    return str(value)


def interpolate(value, matrix, project):
    if isinstance(value, dict):
        return {k: interpolate(v, matrix, project) for k, v in value.items()}
    if isinstance(value, list):
        return [interpolate(v, matrix, project) for v in value]
    if not isinstance(value, str) or "${{" not in value:
        return value
    found = list(EXPRESSION.finditer(value))
    if len(found) == 1 and found[0].span() == (0, len(value)):
        return evaluate(found[0].group(1), matrix, project)
    return EXPRESSION.sub(lambda m: text(evaluate(m.group(1), matrix, project)), value)


def evaluate(expression, matrix, project):
    reference, _, fallback = (part.strip() for part in expression.partition("||"))
    if reference == "project":
        return project
    kind, _, name = reference.partition(".")
    if kind == "matrix":
        return matrix[name]
    value = os.environ.get(name)
    if value:
        return value
    return fallback[1:-1] if fallback[:1] in ("'", '"') else yaml.load(fallback, Loader=LOADER)


def merged_with_defaults(own, defaults):
    result = {k: v for k, v in own.items() if k != "matrix" and not k.startswith("x-")}
    for key in MERGED:
        if isinstance(result.get(key), dict) and isinstance(defaults.get(key), dict):
            result[key] = {**defaults[key], **result[key]}
    for key, value in defaults.items():
        spellings = next((s for s in SPELLINGS if key in s), [key])
        if not any(s in result for s in spellings):
            result[key] = value
    return result


def body(key, spec, sections, project):
    out = {"name": spec.get("name", f"{project}/{key}" if project else key)}
    for field in ("description", "experiment_id", "span_workflow_name", "generation_method"):
        if field in spec:
            out[field] = text(spec[field])
    if "dataset" in spec:
        out["dataset_id"] = sections["datasets"][spec["dataset"]]["id"]
    elif "dataset_id" in spec:
        out["dataset_id"] = spec["dataset_id"]
    workflow = spec["workflow"]
    if isinstance(workflow, str):
        workflow = interpolate(sections["workflows"][workflow], spec["__matrix"], project)
    out["workflow"] = [{"type": s["type"], "config": without_extensions(s.get("config") or {})} for s in workflow]
    for name in spec.get("evaluators") or []:
        (kind, ref), = ((k, v) for k, v in sections["evaluators"][name].items() if k in REFERENCE_FIELD)
        out.setdefault(REFERENCE_FIELD[kind], []).append(ref)
    for field in ("evaluator_ids", "evaluator_slugs", "evaluator_workflow_ids"):
        if field in spec:
            out[field] = spec[field]
    for field in ("enable_tracing", "batch_size", "concurrency"):
        if field in spec:
            out[field] = spec[field]
    return out


def expand(key, entry):
    matrix = entry.get("matrix")
    if not matrix:
        return [(key, {})]
    axes = sorted((axis, values) for axis, values in matrix.items() if not axis.startswith("x-"))
    instances = []
    for combination in itertools.product(*(values for _, values in axes)):
        values = {axis: value for (axis, _), value in zip(axes, combination)}
        label = ",".join(f"{axis}={text(value)}" for axis, value in values.items())
        instances.append((f"{key}[{label}]", values))
    return instances


def render(root_path):
    root, sections = read_suite(root_path)
    project = root.get("project")
    defaults = {k: v for k, v in (root.get("defaults") or {}).items() if not k.startswith("x-")}
    bodies = {}
    for key, entry in sections["experiments"].items():
        spec = merged_with_defaults(entry, defaults)
        for instance_key, values in expand(key, entry):
            resolved = interpolate(spec, values, project)
            resolved["__matrix"] = values
            bodies[instance_key] = body(instance_key, resolved, sections, project)
    return bodies


def main():
    args = sys.argv[1:]
    digests = None
    if "--digests" in args:
        at = args.index("--digests")
        digests = args[at + 1]
        del args[at:at + 2]
    if len(args) != 1:
        sys.exit(__doc__)
    bodies = render(args[0])
    document = {"experiments": bodies, "format_version": 1}
    sys.stdout.write(json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
    if digests:
        with open(digests, "w") as f:
            for key in sorted(bodies):
                compact = json.dumps(bodies[key], separators=(",", ":"), sort_keys=True, ensure_ascii=False)
                f.write(f"{key} sha256:{hashlib.sha256(compact.encode()).hexdigest()}\n")


if __name__ == "__main__":
    main()
