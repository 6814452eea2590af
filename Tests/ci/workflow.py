"""Runs a GitHub Actions job's `run:` steps locally, in order, as the runner would.

Only what examples/ci/*.yml and action.yml use is understood: `${{ path }}` look-ups in a context,
`==`/`!=` comparisons, `if:` made of `always()`, `success()`, `failure()` and comparisons joined by
`&&` and `||`, step and job `env`, `defaults.run.shell: bash` (or `shell: bash` on a composite
action's steps), `GITHUB_OUTPUT`, `GITHUB_ENV`, `GITHUB_PATH` and `GITHUB_STEP_SUMMARY`. Anything
else is an error, so a workflow that outgrows this runner fails the test instead of being half run.
A `uses:` step naming one of the caller's composite actions runs that action's steps with its
`with:` as `inputs`; other `uses:` steps and steps whose id starts with `install-` are skipped (the
caller checks out).
"""
import os
import re
import subprocess
import tempfile

import yaml

EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
# Contexts where a missing name is an empty string, as on GitHub (a push has no pull_request);
# elsewhere it is a test error.
OPTIONAL_CONTEXTS = ("secrets.", "vars.", "steps.", "github.event.pull_request.")


class WorkflowError(Exception):
    """The workflow uses something this runner does not understand."""


def load(path):
    with open(path, encoding="utf-8") as file:
        # PyYAML reads the key `on` as True; GitHub reads it as the string.
        document = yaml.safe_load(file)
    if True in document:
        document["on"] = document.pop(True)
    return document


def lookup(name, context):
    if name in context:
        return str(context[name])
    if name.startswith(OPTIONAL_CONTEXTS):
        return ""
    raise WorkflowError(f"unknown expression '{name}' (add it to the test's context)")


def value(term, context):
    term = term.strip()
    if len(term) >= 2 and term[0] == term[-1] == "'":
        return term[1:-1]
    return lookup(term, context)


def comparison(term, context):
    """`left == right` or `left != right` as a bool, or None when `term` is no comparison."""
    match = re.fullmatch(r"(.+?)\s*(==|!=)\s*(.+)", term.strip())
    if not match:
        return None
    left, right = value(match.group(1), context), value(match.group(3), context)
    return (left == right) == (match.group(2) == "==")


def expression_value(expression, context):
    compared = comparison(expression, context)
    return value(expression, context) if compared is None else str(compared).lower()


def substitute(text, context):
    if isinstance(text, bool):  # YAML's true is the string "true" to GitHub
        text = str(text).lower()
    return EXPRESSION.sub(lambda match: expression_value(match.group(1), context), str(text))


def condition(expression, context, failed):
    """Evaluates an `if:`; without one a step runs only while nothing failed (success())."""
    if expression is None:
        return not failed
    expression = EXPRESSION.sub(lambda match: match.group(1), str(expression)).strip()
    status_checked, any_branch = False, False
    for branch in expression.split("||"):
        result = True
        for term in (part.strip() for part in branch.split("&&")):
            if term in ("always()", "success()", "failure()"):
                status_checked = True
                result = result and {"always()": True, "success()": not failed, "failure()": failed}[term]
            elif (compared := comparison(term, context)) is not None:
                result = result and compared
            else:
                raise WorkflowError(f"unsupported condition '{term}'")
        any_branch = any_branch or result
    return any_branch and (status_checked or not failed)


class StepResult:
    def __init__(self, name, outcome, code=None, output="", outputs=None):
        self.name, self.outcome, self.code, self.output = name, outcome, code, output
        self.outputs = outputs or {}


def run_job(workflow, job_name, context, workspace, base_env, after_step=None, actions=None):
    """Runs the job's steps in `workspace` (calling `after_step(result)` after each step that ran);
    `actions` maps a `uses:` name (before the @) to (action document, its folder). Returns
    (job outcome, [StepResult]), a composite action's steps in place of its `uses:` step."""
    job = workflow["jobs"][job_name]
    if not condition(job.get("if"), context, failed=False):
        return "skipped", []
    shell = (job.get("defaults") or workflow.get("defaults") or {}).get("run", {}).get("shell")
    if shell != "bash" and any("run" in step for step in job["steps"]):
        raise WorkflowError(f"job '{job_name}': expected defaults.run.shell: bash, got {shell!r}")
    context = dict(context)
    env = dict(base_env)
    for scope in (workflow.get("env") or {}, job.get("env") or {}):
        env.update({key: substitute(text, context) for key, text in scope.items()})
    extra_path, results, failed = [], [], False
    with tempfile.TemporaryDirectory() as files:
        for index, step in enumerate(job["steps"]):
            name = step.get("name") or step.get("uses") or f"step {index + 1}"
            action = (actions or {}).get(str(step.get("uses", "")).split("@")[0])
            if action and condition(step.get("if"), context, failed):
                step_env = dict(env)
                step_env.update({key: substitute(text, context) for key, text in (step.get("env") or {}).items()})
                inputs = {key: substitute(text, context) for key, text in (step.get("with") or {}).items()}
                outcome, steps = run_action(action, inputs, context, step_env, extra_path, workspace, files,
                                            f"{index}-", after_step)
                results += steps
                failed = failed or outcome == "failure"
                continue
            if "uses" in step or str(step.get("id", "")).startswith("install-"):
                results.append(StepResult(name, "skipped (the test checks out and puts respan-plan on PATH)"))
                continue
            if not condition(step.get("if"), context, failed):
                results.append(StepResult(name, "skipped (if)"))
                continue
            result, outputs = run_step(step, name, context, env, extra_path, workspace, files, index)
            results.append(result)
            if after_step:
                after_step(result)
            if step.get("id"):
                context[f"steps.{step['id']}.outcome"] = result.outcome
                context.update({f"steps.{step['id']}.outputs.{k}": v for k, v in outputs.items()})
            failed = failed or (result.outcome == "failure" and not step.get("continue-on-error"))
    return ("failure" if failed else "success"), results


def run_action(action, inputs, context, env, extra_path, workspace, files, prefix="", after_step=None):
    """Runs a composite action's steps as GitHub does: `inputs` (the step's `with:`) over the
    action's defaults, its own `steps` context, `GITHUB_ACTION_PATH` its folder. Returns
    (outcome, [StepResult])."""
    document, folder = action
    context = {key: text for key, text in context.items() if not key.startswith(("steps.", "inputs."))}
    for name, spec in (document.get("inputs") or {}).items():
        if name in inputs:
            context[f"inputs.{name}"] = inputs[name]
        elif spec.get("required") and "default" not in spec:
            raise WorkflowError(f"the action's required input '{name}' is missing")
        else:
            context[f"inputs.{name}"] = substitute(spec.get("default", ""), context)
    unknown = set(inputs) - set(document.get("inputs") or {})
    if unknown:
        raise WorkflowError(f"unknown inputs for the action: {sorted(unknown)}")
    if document["runs"].get("using") != "composite":
        raise WorkflowError("only composite actions are run")
    env = dict(env, GITHUB_ACTION_PATH=str(folder))
    results, failed = [], False
    for index, step in enumerate(document["runs"]["steps"]):
        name = step.get("name") or f"step {index + 1}"
        if step.get("shell") != "bash" or "run" not in step:
            raise WorkflowError(f"action step '{name}': only `run:` steps with `shell: bash` are supported")
        if not condition(step.get("if"), context, failed):
            results.append(StepResult(name, "skipped (if)"))
            continue
        result, outputs = run_step(step, name, context, env, extra_path, workspace, files, f"{prefix}{index}")
        results.append(result)
        if after_step:
            after_step(result)
        if step.get("id"):
            context[f"steps.{step['id']}.outcome"] = result.outcome
            context.update({f"steps.{step['id']}.outputs.{k}": v for k, v in outputs.items()})
        failed = failed or (result.outcome == "failure" and not step.get("continue-on-error"))
    return ("failure" if failed else "success"), results


def run_step(step, name, context, job_env, extra_path, workspace, files, index):
    env = dict(job_env)
    env.update({key: substitute(text, context) for key, text in (step.get("env") or {}).items()})
    paths = {kind: os.path.join(files, f"{kind}-{index}") for kind in ("output", "env", "path")}
    for path in paths.values():
        open(path, "w").close()
    env.update(GITHUB_OUTPUT=paths["output"], GITHUB_ENV=paths["env"], GITHUB_PATH=paths["path"])
    env["PATH"] = os.pathsep.join(extra_path + [job_env["PATH"]])
    script = os.path.join(files, f"step-{index}.sh")
    with open(script, "w", encoding="utf-8") as file:
        file.write(substitute(step["run"], context))
    cwd = os.path.join(workspace, substitute(step.get("working-directory", "."), context))
    process = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", script], cwd=cwd, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    outputs = parse_pairs(paths["output"])
    job_env.update(parse_pairs(paths["env"]))
    with open(paths["path"], encoding="utf-8") as file:
        extra_path[:0] = [line.strip() for line in file if line.strip()]
    outcome = "success" if process.returncode == 0 else "failure"
    return StepResult(name, outcome, process.returncode, process.stdout, outputs), outputs


def parse_pairs(path):
    pairs = {}
    with open(path, encoding="utf-8") as file:
        for line in file.read().splitlines():
            if "<<" in line.split("=", 1)[0]:
                raise WorkflowError(f"multi-line outputs are not supported: {line}")
            if "=" in line:
                key, text = line.split("=", 1)
                pairs[key] = text
    return pairs
