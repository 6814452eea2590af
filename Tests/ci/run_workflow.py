#!/usr/bin/env python3
"""Runs examples/ci/github-actions.yml's `run:` steps in order against a local sandbox, for a pull
request that changes one model in examples/model-sweep: main's first apply, the pull request (and a
second push to it), the merge. Checks that the pull request creates exactly the changed experiments,
posts one plan comment and one results comment (edited, not duplicated), gates (exit 3 fails the
check), and that the merge creates no experiment. Also runs release.yml's commit-stamping step.
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

ROOT = pathlib.Path(__file__).resolve().parents[2]
PLAN_MARKER, RESULTS_MARKER = "<!-- respan-plan:plan -->", "<!-- respan-plan:results -->"


class Checks:
    def __init__(self):
        self.passed, self.failed = 0, 0

    def check(self, name, condition, detail=""):
        if condition:
            self.passed += 1
            print(f"ok - {name}")
        else:
            self.failed += 1
            print(f"FAIL - {name}" + (f": {detail}" if detail else ""))


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


def pull_request(world, checks, label, expect_created):
    run = world.run_job("pull-request", "change-model")
    lock = json.loads((run.workspace / "experiments.pr-7.lock").read_text())["experiments"]
    main_lock = world.origin_lockfile()
    expected = {lock[key]["id"] for key in changed(lock)}
    checks.check(f"{label}: validate runs", getattr(step(run.steps, "Validate"), "outcome", None) == "success",
                 describe(run.steps))
    if expect_created:
        checks.check(f"{label}: the apply creates exactly the 2 changed experiments",
                     set(run.new_ids) == expected and len(expected) == 2, f"new {sorted(run.new_ids)}, changed {expected}")
    else:
        checks.check(f"{label}: the rerun creates nothing (the runs are adopted)", not run.new_ids, sorted(run.new_ids))
    unchanged = [key for key in main_lock if "claude" not in key]
    checks.check(f"{label}: unchanged keys point at main's runs",
                 len(unchanged) == 4 and all(lock[k]["id"] == main_lock[k]["id"] for k in unchanged), unchanged)
    gate = step(run.steps, "Results against the base branch")
    code = int(gate.outputs.get("code", -1)) if gate else None
    checks.check(f"{label}: the gate runs (exit {code})", gate is not None and code in (0, 3), describe(run.steps))
    failing = step(run.steps, "Fail the check when a gate failed")
    checks.check(f"{label}: the check fails exactly when a gate failed",
                 (run.outcome == "failure") == (code == 3) and (code != 3 or failing.code == 3), describe(run.steps))
    comments = world.comments()
    plans = [c for c in comments if c["body"].startswith(PLAN_MARKER)]
    results = [c for c in comments if c["body"].startswith(RESULTS_MARKER)]
    checks.check(f"{label}: one plan comment and one results comment", len(plans) == 1 and len(results) == 1,
                 f"{len(plans)} plan, {len(results)} results comments")
    word = "2 to create" if expect_created else "adopt"
    checks.check(f"{label}: the plan comment shows '{word}'", plans and word in plans[0]["body"],
                 plans[0]["body"][:800] if plans else "")
    verdict = re.search(r"gates (passed|failed)\*\*", results[0]["body"]) if results else None
    checks.check(f"{label}: the results comment gives the verdict against main",
                 verdict is not None and "compared with `origin/main:experiments.lock`" in results[0]["body"],
                 results[0]["body"][:800] if results else "")
    return run


def main():
    binary = str(pathlib.Path(sys.argv[1]).resolve())
    checks = Checks()
    release_stamp.check(ROOT / "examples/ci/release.yml", ROOT / "Sources/respan-plan/BuildInfo.swift", checks)
    with tempfile.TemporaryDirectory() as work, scenario.World(binary, pathlib.Path(work), ROOT) as world:
        world.seed(ROOT / "examples/model-sweep/experiments.yaml")
        first = main_apply(world, checks, "main before the pull request", 6)
        checks.check("main's lockfile is committed back", len(world.origin_lockfile()) == 6, describe(first.steps))
        world.developer_commits("change-model", lambda text: text.replace("claude-3-5-sonnet]", "claude-3-7-sonnet]"))
        pr_run = pull_request(world, checks, "pull request", True)
        world.developer_commits("change-model", lambda text: text + "# reviewed\n")
        rerun = pull_request(world, checks, "second push", False)
        patched = [c for c in world.calls()[-4:] if c["method"] == "PATCH"]
        checks.check("second push: both comments are edited in place", len(patched) == 2, world.calls()[-4:])
        world.developer_merges("change-model")
        merge = main_apply(world, checks, "merge", 0)
        apply_output = step(merge.steps, "Apply").output
        checks.check("merge: the apply adopts the pull request's runs", "adopt" in apply_output, apply_output[-1500:])
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
    print(f"ci workflow: {checks.passed} passed, {checks.failed} failed")
    return 1 if checks.failed else 0


if __name__ == "__main__":
    sys.exit(main())
