#!/usr/bin/env python3
"""Kills `respan-plan apply` with SIGKILL while it uploads a managed dataset (until KILLS applies
died mid-way), checking after every kill that no experiment, on the sandbox or in the
lockfile, uses a dataset with missing rows; then a rerun must converge: the apply succeeds,
the lockfile's dataset is complete and holds every row, and the plan is empty.
Runs against a standalone sandbox on loopback whose bulk requests are slowed by --latency.
Usage: kill_upload.py PATH/TO/respan-plan [KILLS] [SEED]
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
from checks import finish  # noqa: E402

MANIFEST = """version: 1
project: kill
datasets: { qa: { file: qa.jsonl } }
evaluators:
  tone:
    type: llm
    score_value_type: numerical
    llm_config: { model: gpt-4o-mini, evaluator_definition: "Rate the tone of {{output}}." }
experiments:
  a: { dataset: qa, evaluators: [tone], workflow: [{ type: completion, config: { model: gpt-4o-mini } }] }
  b: { dataset: qa, evaluators: [tone], workflow: [{ type: completion, config: { model: gpt-4o } }] }
"""


def rows(count, version):
    return "".join(f'{{"input": "question {i}", "expected_output": "answer {i} v{version}"}}\n' for i in range(count))


def call(url, token, method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(f"{url}{path}", data=data, method=method,
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    return json.load(urllib.request.urlopen(request, timeout=30))


def complete_rows(dataset):
    """The row count a dataset was marked complete for, or None (an upload cut short)."""
    match = re.search(r"respan-plan: sha256:[0-9a-f]+ (\d+) rows, complete$", dataset.get("description") or "")
    return int(match.group(1)) if match else None


def check_no_partial_dataset_is_used(url, token, lock_path):
    problems = []
    datasets = {}
    for experiment in call(url, token, "POST", "/api/v2/experiments/list/?page_size=100", {})["results"]:
        ident = experiment["dataset_id"]
        datasets[ident] = datasets.get(ident) or call(url, token, "GET", f"/api/datasets/{ident}/")
        dataset = datasets[ident]
        expected = complete_rows(dataset)
        if expected is None or dataset["log_count"] != expected:
            problems.append(f"experiment {experiment['id']} uses dataset {ident} with {dataset['log_count']} rows "
                            f"(complete for {expected})")
    if os.path.exists(lock_path):
        lock = json.loads(pathlib.Path(lock_path).read_text())
        for name, entry in lock.get("datasets", {}).items():
            if entry["state"] == "complete":
                count = call(url, token, "GET", f"/api/datasets/{entry['id']}/")["log_count"]
                if count != entry["rows"]:
                    problems.append(f"the lockfile's complete dataset {name} holds {count} of {entry['rows']} rows")
        referenced = {entry["applied"].get("dataset_id") for entry in lock["experiments"].values()}
        for name, entry in lock.get("datasets", {}).items():
            if entry["state"] != "complete" and entry["id"] in referenced:
                problems.append(f"an experiment in the lockfile uses the {entry['state']} dataset {name}")
    return problems


def main():
    binary = str(pathlib.Path(sys.argv[1]).resolve())
    kills = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    with tempfile.TemporaryDirectory() as work:
        token = "kill-upload-test"
        server = subprocess.Popen([binary, "sandbox", "--port", "0", "--token", token, "--latency", "60", "--bulk-rate-limit", "0",
                                   "--bulk-error-rate", "0.05", "--data-dir", os.path.join(work, "state")],
                                  stdout=subprocess.PIPE, text=True)
        try:
            url = re.search(r"http://[0-9.:]+", server.stdout.readline()).group(0)
            env = dict(os.environ, RESPAN_BASE_URL=url, RESPAN_API_KEY=token)
            path, lock_path = os.path.join(work, "experiments.yaml"), os.path.join(work, "experiments.lock")
            pathlib.Path(path).write_text(MANIFEST)
            apply = [binary, "apply", path, "--auto-approve", "--rate-limit", "100000"]
            failures, killed, round_number, count = [], 0, 0, 0
            while killed < kills and round_number < 4 * kills:
                round_number += 1
                count = 2000 + 100 * round_number
                pathlib.Path(work, "qa.jsonl").write_text(rows(count, round_number))
                process = subprocess.Popen(apply, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                time.sleep(rng.uniform(0.1, 0.8))
                if process.poll() is None:
                    process.send_signal(signal.SIGKILL)
                    killed += 1
                process.wait()
                failures += check_no_partial_dataset_is_used(url, token, lock_path)
            final = subprocess.run(apply, env=env, capture_output=True, text=True)
            if final.returncode != 0:
                failures.append(f"the converging apply failed: {final.stderr[-2000:]}")
            failures += check_no_partial_dataset_is_used(url, token, lock_path)
            lock = json.loads(pathlib.Path(lock_path).read_text())
            entry = lock["datasets"]["qa"]
            if entry["state"] != "complete" or entry["rows"] != count:
                failures.append(f"the lockfile's dataset is {entry['state']} with {entry['rows']} rows, expected {count}")
            plan = subprocess.run([binary, "plan", path, "--detailed-exitcode"], env=env, capture_output=True, text=True)
            if plan.returncode != 0:
                failures.append(f"the plan after converging is not empty (exit {plan.returncode}): {plan.stdout[-1000:]}")
            if killed < kills:
                failures.append(f"only {killed} of {round_number} applies were killed mid-way")
            return finish(f"kill-upload test ({round_number} rounds, {killed} killed mid-apply)", failures)
        finally:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    sys.exit(main())
