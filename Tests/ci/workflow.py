"""Runs a GitHub Actions job's `run:` steps locally, in order, as the runner would.

Only what examples/ci/*.yml uses is understood: `${{ path }}` look-ups in a context, `if:` made of
`always()`, `success()`, `failure()` and `==`/`!=` comparisons joined by `&&`, step and job `env`,
`defaults.run.shell: bash`, `GITHUB_OUTPUT`, `GITHUB_ENV` and `GITHUB_PATH`. Anything else is an
error, so a workflow that outgrows this runner fails the test instead of being half run. `uses:`
steps and steps whose id starts with `install-` are skipped (the caller checks out and puts the
tool on PATH).
"""
import os
import re
import subprocess
import tempfile

import yaml

EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
# Contexts where a missing name is an empty string, as on GitHub; elsewhere it is a test error.
OPTIONAL_CONTEXTS = ("secrets.", "vars.", "steps.")


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


def substitute(text, context):
    return EXPRESSION.sub(lambda match: value(match.group(1), context), str(text))


def condition(expression, context, failed):
    """Evaluates an `if:`; without one a step runs only while nothing failed (success())."""
    if expression is None:
        return not failed
    expression = EXPRESSION.sub(lambda match: match.group(1), str(expression)).strip()
    status_checked, result = False, True
    for term in (part.strip() for part in expression.split("&&")):
        if term in ("always()", "success()", "failure()"):
            status_checked = True
            result = result and {"always()": True, "success()": not failed, "failure()": failed}[term]
        elif match := re.fullmatch(r"(.+?)\s*(==|!=)\s*(.+)", term):
            left, right = value(match.group(1), context), value(match.group(3), context)
            result = result and ((left == right) == (match.group(2) == "=="))
        else:
            raise WorkflowError(f"unsupported condition '{term}'")
    return result and (status_checked or not failed)


class StepResult:
    def __init__(self, name, outcome, code=None, output="", outputs=None):
        self.name, self.outcome, self.code, self.output = name, outcome, code, output
        self.outputs = outputs or {}


def run_job(workflow, job_name, context, workspace, base_env, after_step=None):
    """Runs the job's steps in `workspace` (calling `after_step(result)` after each step that ran);
    returns (job outcome, [StepResult])."""
    job = workflow["jobs"][job_name]
    if not condition(job.get("if"), context, failed=False):
        return "skipped", []
    shell = (job.get("defaults") or workflow.get("defaults") or {}).get("run", {}).get("shell")
    if shell != "bash":
        raise WorkflowError(f"job '{job_name}': expected defaults.run.shell: bash, got {shell!r}")
    context = dict(context)
    env = dict(base_env)
    for scope in (workflow.get("env") or {}, job.get("env") or {}):
        env.update({key: substitute(text, context) for key, text in scope.items()})
    extra_path, results, failed = [], [], False
    with tempfile.TemporaryDirectory() as files:
        for index, step in enumerate(job["steps"]):
            name = step.get("name") or step.get("uses") or f"step {index + 1}"
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
