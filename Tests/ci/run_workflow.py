#!/usr/bin/env python3
"""Runs examples/ci/github-actions.yml, and through it the repository's action.yml, step by step
against a local sandbox, for a pull request that changes one model in examples/model-sweep: main's
first apply, the pull request (and a second push to it, and a third that tightens a gate), the
merge. Checks that the pull request creates exactly the changed experiments, keeps ONE comment
(created, then edited), writes the job summary, fails the check on exit 3 after commenting, that
the merge creates no experiment, and that bad input (a version that is not a release, a checksum
that does not match, no API key, a fork) stops the action before any request. The action installs
respan-plan from a fake release (gh is a fake). Also runs release.yml's commit-stamping step.
Requests are counted by a proxy in front of the sandbox. Usage: run_workflow.py PATH/TO/respan-plan
"""
import collections
import json
import os
import pathlib
import re
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import release_stamp  # noqa: E402
import scenario  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from checks import Checks  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
MARKER = "<!-- respan-plan -->"
GATE_STEP, FAIL_STEP = "Results against the baseline", "Fail the check when a gate failed"


def step(steps, name):
    return next((s for s in steps if s.name.startswith(name)), None)


def describe(steps):
    return "\n".join(f"  [{s.outcome}] {s.name}\n" + s.output[-1500:] for s in steps if s.output)


def report_requests(label, run):
    """Prints the requests a job made, per step and per route (experiment ids folded into EXP)."""
    steps = ", ".join(f"{s.name.split(' (')[0]} {s.requests}" for s in run.steps if getattr(s, "requests", 0))
    routes = collections.Counter(re.sub(r"exp_[0-9a-f]+", "EXP", r) for r in run.requests)
    print(f"requests, {label}: {len(run.requests)} [{steps}]")
    print("    " + ", ".join(f"{n}x {r}" for r, n in sorted(routes.items())))


def changed(keys):
    return {key for key in keys if "model=claude-3-7-sonnet" in key}


def main_apply(world, checks, label, expect_created):
    run = world.run_job("main", "main")
    checks.check(f"{label}: the main job succeeds", run.outcome == "success", describe(run.steps))
    checks.check(f"{label}: {expect_created} new remote experiments", len(run.new_ids) == expect_created,
                 f"{len(run.new_ids)} created")
    return run


def comment_calls(world, since):
    return [c["method"] for c in world.calls()[since:] if c["method"] in ("POST", "PATCH")]


def pull_request(world, checks, label, expect_created, edited_only):
    calls_before = len(world.calls())
    run = world.run_job("pull-request", "change-model")
    lock = json.loads((run.workspace / "experiments.pr-7.lock").read_text())["experiments"]
    main_lock = world.origin_lockfile()
    expected = {lock[key]["id"] for key in changed(lock)}
    checks.check(f"{label}: the action installs the release and validates",
                 all(getattr(step(run.steps, name), "outcome", None) == "success"
                     for name in ("Install respan-plan", "Validate")), describe(run.steps))
    if expect_created:
        checks.check(f"{label}: the apply creates exactly the 2 changed experiments",
                     set(run.new_ids) == expected and len(expected) == 2, f"new {sorted(run.new_ids)}, changed {expected}")
    else:
        checks.check(f"{label}: the rerun creates nothing (the runs are adopted)", not run.new_ids, sorted(run.new_ids))
    unchanged = [key for key in main_lock if "claude" not in key]
    checks.check(f"{label}: unchanged keys point at main's runs",
                 len(unchanged) == 4 and all(lock[k]["id"] == main_lock[k]["id"] for k in unchanged), unchanged)
    gate = step(run.steps, GATE_STEP)
    code = int(gate.outputs.get("code", -1)) if gate else None
    checks.check(f"{label}: the gate runs (exit {code})", gate is not None and code in (0, 3), describe(run.steps))
    failing = step(run.steps, FAIL_STEP)
    checks.check(f"{label}: the check fails exactly when a gate failed",
                 (run.outcome == "failure") == (code == 3) and (code != 3 or failing.code == 3), describe(run.steps))
    comments = world.comments()
    checks.check(f"{label}: one comment on the pull request", len(comments) == 1 and
                 comments[0]["body"].startswith(MARKER), f"{len(comments)} comments")
    methods = comment_calls(world, calls_before)
    expected_calls = ["PATCH", "PATCH"] if edited_only else ["POST", "PATCH"]
    checks.check(f"{label}: the comment is {'edited' if edited_only else 'created, then edited'} "
                 f"({' then '.join(expected_calls)})", methods == expected_calls, methods)
    body = comments[0]["body"] if comments else ""
    word = "2 to create" if expect_created else "adopt"
    checks.check(f"{label}: the comment shows the plan ('{word}')", word in body, body[:800])
    verdict = re.search(r"gates (passed|failed)\*\*", body)
    checks.check(f"{label}: the comment gives the verdict against main",
                 verdict is not None and "4 unchanged, same runs as `origin/main`" in body, body[:800])
    checks.check(f"{label}: the job summary holds the results", verdict is not None and verdict.group(0) in run.summary,
                 run.summary[:800])
    return run, code


def gate_fails(world, checks):
    """A push that tightens a gate: exit 3 fails the check, and only after the comment says so."""
    calls_before = len(world.calls())
    world.developer_commits("change-model", lambda text: tighten(text))
    run = world.run_job("pull-request", "change-model")
    names = [s.name for s in run.steps]
    gate, failing = step(run.steps, GATE_STEP), step(run.steps, FAIL_STEP)
    comment = step(run.steps, "Comment the plan and the results")
    checks.check("tightened gate: results exits 3", gate is not None and gate.outputs.get("code") == "3",
                 describe(run.steps))
    checks.check("tightened gate: the check fails (exit 3), after the comment",
                 run.outcome == "failure" and failing is not None and failing.code == 3 and comment is not None
                 and comment.outcome == "success" and names.index(comment.name) < names.index(failing.name),
                 describe(run.steps))
    body = world.comments()[0]["body"] if world.comments() else ""
    checks.check("tightened gate: the one comment is edited to say the gates failed",
                 len(world.comments()) == 1 and "gates failed**" in body and "POST" not in comment_calls(world, calls_before),
                 body[:800])
    return run


def apply_fails(world, checks):
    """An apply that fails (here on a bad --timeout, before any run starts): the comment says there
    is no verdict instead of promising results, and the check fails."""
    calls_before = len(world.calls())
    inputs = {"repository": scenario.ACTION, "api-key": scenario.TOKEN, "timeout": "soon"}
    run = world.run_job("pull-request", "change-model", action_inputs=inputs)
    body = world.comments()[0]["body"] if world.comments() else ""
    checks.check("failed apply: the check fails and the one comment says there is no verdict",
                 run.outcome == "failure" and len(world.comments()) == 1 and "no verdict" in body
                 and comment_calls(world, calls_before) == ["PATCH", "PATCH"] and not run.new_ids,
                 f"{run.outcome}, {comment_calls(world, calls_before)}: {body[:400]}")


def first_pull_request(binary, checks):
    """The pull request that introduces respan-plan: main has no lockfile. Every key is new, the
    regression gates are skipped and say so, results exit 0 or 3 (not 1), and the action still
    keeps its one comment."""
    with tempfile.TemporaryDirectory() as work, scenario.World(binary, pathlib.Path(work), ROOT) as world:
        world.seed(ROOT / "examples/model-sweep/experiments.yaml")
        world.developer_commits("change-model", lambda text: text + "# the first pull request\n")
        run = world.run_job("pull-request", "change-model")
        gate = step(run.steps, GATE_STEP)
        code = gate.outputs.get("code") if gate else None
        checks.check("first pull request: results exit 0 or 3 without a baseline lockfile, not 1",
                     code in ("0", "3"), describe(run.steps))
        body = world.comments()[0]["body"] if world.comments() else ""
        checks.check("first pull request: one comment, saying there is no baseline at origin/main",
                     len(world.comments()) == 1 and "no baseline at `origin/main`" in body
                     and "regression gates skipped" in body, body[:800])


def tighten(text):
    tightened = re.sub(r"quality: \{ min_mean: [0-9.]+ \}", "quality: { min_mean: 0.999 }", text)
    if tightened == text:
        raise SystemExit("run_workflow.py: the model sweep has no `quality: { min_mean: N }` gate to tighten")
    return tightened


def bad_input(world, checks):
    """Each of these stops the action before any request to Respan and before any comment."""
    world.publish("v0.0.9", corrupt=True)
    good = {"repository": scenario.ACTION, "api-key": scenario.TOKEN, "manifest": "experiments.yaml"}
    cases = [
        ("a version that is not a release tag", dict(good, version="latest"), None, "is not a release tag"),
        ("a version with no release", dict(good, version="v9.9.9"), None, "is v9.9.9 a release there?"),
        ("an archive whose checksum does not match", dict(good, version="v0.0.9"), None,
         "does not match respan-plan-linux-x86_64.tar.gz.sha256"),
        ("a sha256 input that does not match", dict(good, sha256="0" * 64), None, "not the sha256 input"),
        ("no RESPAN_API_KEY secret", dict(good, **{"api-key": ""}), None, "add the repository secret RESPAN_API_KEY"),
        ("a pull request from a fork", good, {"github.event.pull_request.head.repo.full_name": "someone/fork"},
         "pull request from the fork someone/fork"),
    ]
    for label, inputs, context, message in cases:
        calls_before = len(world.calls())
        run = world.run_job("pull-request", "change-model", action_inputs=inputs, context_changes=context)
        output = "\n".join(s.output for s in run.steps)
        checks.check(f"bad input, {label}: stops with a clear message before any request",
                     run.outcome == "failure" and message in output and not run.requests
                     and not comment_calls(world, calls_before) and not run.new_ids,
                     f"{run.outcome}, {len(run.requests)} requests: {output[-800:]}")


def main():
    binary = str(pathlib.Path(sys.argv[1]).resolve())
    checks = Checks()
    release_stamp.check(ROOT / "examples/ci/release.yml", ROOT / "Sources/respan-plan/BuildInfo.swift", checks)
    with tempfile.TemporaryDirectory() as work, scenario.World(binary, pathlib.Path(work), ROOT) as world:
        world.seed(ROOT / "examples/model-sweep/experiments.yaml")
        first = main_apply(world, checks, "main before the pull request", 6)
        checks.check("main's lockfile is committed back", len(world.origin_lockfile()) == 6, describe(first.steps))
        world.developer_commits("change-model", lambda text: text.replace("claude-3-5-sonnet]", "claude-3-7-sonnet]"))
        pr_run, _ = pull_request(world, checks, "pull request", True, edited_only=False)
        world.developer_commits("change-model", lambda text: text + "# reviewed\n")
        rerun, _ = pull_request(world, checks, "second push", False, edited_only=True)
        gate_fails(world, checks)
        apply_fails(world, checks)
        bad_input(world, checks)
        world.developer_merges("change-model")
        merge = main_apply(world, checks, "merge", 0)
        apply_output = step(merge.steps, "Apply on the default branch").output
        checks.check("merge: the apply adopts the pull request's runs", "adopt" in apply_output, apply_output[-1500:])
        checks.check("merge: the job summary shows the apply", "adopt" in merge.summary, merge.summary[-800:])
        lock = world.origin_lockfile()
        pr_ids = {json.loads((pr_run.workspace / "experiments.pr-7.lock").read_text())["experiments"][k]["id"]
                  for k in changed(lock)}
        checks.check("merge: main's committed lockfile records the pull request's runs",
                     len(pr_ids) == 2 and pr_ids == {lock[k]["id"] for k in changed(lock)}, sorted(lock))
        clean = world.plan_on_main()
        checks.check("after the merge, a plan on main has no changes", clean.returncode == 0,
                     clean.stdout[-1500:] + clean.stderr[-800:])
        leaked = [name for name, text in world.everything_printed() if scenario.TOKEN in text]
        checks.check("the API key is never printed or posted", not leaked, leaked)
        for label, run in (("main's first apply", first), ("pull request", pr_run), ("second push", rerun),
                           ("merge", merge)):
            report_requests(label, run)
    first_pull_request(binary, checks)
    print(f"ci workflow: {checks.passed} passed, {checks.failed} failed")
    return 1 if checks.failed else 0


if __name__ == "__main__":
    sys.exit(main())
