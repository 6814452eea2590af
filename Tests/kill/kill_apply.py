#!/usr/bin/env python3
"""Kills `respan-plan apply` with SIGKILL at random points (until KILLS applies died mid-way), then checks that a rerun converges:
exactly one remote experiment per manifest key and spec (runs are immutable: an earlier spec's
run stays as history), none of the current spec that the lockfile does not know, and a plan
with no changes. Runs against a standalone sandbox on loopback (its state outlives the
killed applies). Usage: kill_apply.py PATH/TO/respan-plan [KILLS] [SEED]
"""
import json
import os
import pathlib
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "support"))
from checks import finish, remote_experiment, remote_ids  # noqa: E402


def manifest(keys, model):
    lines = ["version: 1", "datasets: { qa: { id: ds_support_qa_2024 } }", "evaluators: { quality: { id: eval_quality } }",
             "experiments:"]
    for index in range(keys):
        lines.append(f"  e{index}: {{ dataset: qa, evaluators: [quality], "
                     f"workflow: [{{ type: completion, config: {{ model: {model} }} }}] }}")
    return "\n".join(lines) + "\n"


def one_run_per_spec(url, token, ids, lock, model):
    """No key and spec has two remote experiments; every lockfile id exists; every remote run of
    the current spec is the lockfile's (the others are history: earlier specs, kept)."""
    experiments = [remote_experiment(url, token, ident) for ident in ids]
    specs = {}
    for item in experiments:
        spec = (item["name"], json.dumps(item["workflow"], sort_keys=True))
        specs.setdefault(spec, []).append(item["id"])
    failures = [f"{len(same)} remote experiments for one key and spec ({spec[0]}): {same}"
                for spec, same in specs.items() if len(same) > 1]
    recorded = {entry["id"] for entry in lock.values()}
    if recorded - set(ids):
        failures.append(f"lockfile ids missing on the sandbox: {sorted(recorded - set(ids))[:5]}")
    stray = [item["id"] for item in experiments
             if item["id"] not in recorded and item["workflow"][0]["config"]["model"] == model]
    if stray:
        failures.append(f"{len(stray)} remote experiments of the current spec the lockfile does not know: {stray[:5]}")
    return failures


def main():
    binary = str(pathlib.Path(sys.argv[1]).resolve())
    kills = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    with tempfile.TemporaryDirectory() as work:
        token = "kill-test"
        server = subprocess.Popen([binary, "sandbox", "--port", "0", "--token", token, "--latency", "40",
                                   "--data-dir", os.path.join(work, "state")], stdout=subprocess.PIPE, text=True)
        try:
            url = re.search(r"http://[0-9.:]+", server.stdout.readline()).group(0)
            env = dict(os.environ, RESPAN_BASE_URL=url, RESPAN_API_KEY=token)
            path = os.path.join(work, "experiments.yaml")
            apply = [binary, "apply", path, "--auto-approve", "--parallelism", "4", "--rate-limit", "100000"]
            killed, round_number = 0, 0
            while killed < kills and round_number < 4 * kills:
                round_number += 1
                keys = 8 + 2 * round_number
                pathlib.Path(path).write_text(manifest(keys, f"model-{round_number % 3}"))
                process = subprocess.Popen(apply, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                time.sleep(rng.uniform(0.05, 0.6))
                if process.poll() is None:
                    process.send_signal(signal.SIGKILL)
                    killed += 1
                process.wait()
            final = subprocess.run(apply, env=env, capture_output=True, text=True)
            failures = []
            if final.returncode != 0:
                failures.append(f"the converging apply failed: {final.stderr[-2000:]}")
            lock = json.loads(pathlib.Path(work, "experiments.lock").read_text())["experiments"]
            ids = remote_ids(url, token)
            expected = 8 + 2 * round_number
            if killed < kills:
                failures.append(f"only {killed} of {round_number} applies were killed mid-way")
            if len(lock) != expected:
                failures.append(f"the lockfile has {len(lock)} keys, expected {expected}")
            if any(entry["state"] != "created" for entry in lock.values()):
                failures.append("the lockfile still has pending creates")
            failures += one_run_per_spec(url, token, ids, lock, f"model-{round_number % 3}")
            plan = subprocess.run([binary, "plan", path, "--detailed-exitcode"], env=env, capture_output=True, text=True)
            if plan.returncode != 0:
                failures.append(f"the plan after converging is not empty (exit {plan.returncode}): {plan.stdout[-1000:]}")
            return finish(f"kill test ({round_number} rounds, {killed} killed mid-apply)", failures)
        finally:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    sys.exit(main())
