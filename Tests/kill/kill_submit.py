#!/usr/bin/env python3
"""Kills `respan-plan apply --wait` with SIGKILL while it submits the outputs of a `wait`
experiment's rows (until KILLS applies died mid-way), then reruns it to the end and checks that
every row was submitted exactly once: the sandbox's journal holds one committed submission per
trace, every trace has its output, and a further apply submits nothing. Runs against a
standalone sandbox on loopback (its state outlives the killed applies).
Usage: kill_submit.py PATH/TO/respan-plan [KILLS] [SEED]
"""
import collections
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

ROWS = 300
MANIFEST = """version: 1
datasets: { qa: { file: qa.jsonl } }
evaluators: { quality: { id: eval_quality } }
experiments:
  rag:
    dataset: qa
    evaluators: [quality]
    workflow: [{ type: wait }]
    runner: { command: [python3, answer.py], inputs: [answer.py], concurrency: 4, timeout: 20s }
"""
ANSWER = """import json, sys
row = json.load(sys.stdin)
print(json.dumps({"answer": "echo " + json.dumps(row)}))
"""


def committed_submissions(state):
    """Trace id -> submissions the sandbox committed (its journal's `submit` lines; no restart compacts them)."""
    counts = collections.Counter()
    for line in pathlib.Path(state, "journal.jsonl").read_text().splitlines():
        entry = json.loads(line) if line.strip() else {}
        if entry.get("op") == "submit":
            counts[entry["trace"]] += 1
    return counts


def traces(url, token, ident):
    found, page = [], 1
    while True:
        request = urllib.request.Request(f"{url}/api/v2/experiments/{ident}/logs/list/?page={page}&page_size=50",
                                         data=b"{}", headers={"Authorization": f"Bearer {token}"}, method="POST")
        body = json.load(urllib.request.urlopen(request, timeout=30))
        found += body["results"]
        if not body["next"]:
            return found
        page += 1


def main():
    binary = str(pathlib.Path(sys.argv[1]).resolve())
    kills = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    with tempfile.TemporaryDirectory() as work:
        token, state = "kill-test", os.path.join(work, "state")
        server = subprocess.Popen([binary, "sandbox", "--port", "0", "--token", token, "--latency", "15",
                                   "--run-seconds", "1", "--data-dir", state], stdout=subprocess.PIPE, text=True)
        try:
            url = re.search(r"http://[0-9.:]+", server.stdout.readline()).group(0)
            env = dict(os.environ, RESPAN_BASE_URL=url, RESPAN_API_KEY=token)
            pathlib.Path(work, "experiments.yaml").write_text(MANIFEST)
            pathlib.Path(work, "answer.py").write_text(ANSWER)
            rows = "".join(json.dumps({"input": {"question": f"q{i}"}, "expected_output": f"a{i}"}) + "\n"
                           for i in range(ROWS))
            pathlib.Path(work, "qa.jsonl").write_text(rows)
            apply = [binary, "apply", "--auto-approve", "--wait", "--timeout", "300s", "--rate-limit", "100000"]
            killed, rounds, mid = 0, 0, 0
            while killed < kills and rounds < 4 * kills:
                rounds += 1
                process = subprocess.Popen(apply, cwd=work, env=env, stdout=subprocess.DEVNULL,
                                           stderr=subprocess.DEVNULL)
                time.sleep(rng.uniform(0.8, 2.0))
                if process.poll() is None:
                    process.send_signal(signal.SIGKILL)
                    killed += 1
                    # Killed while rows were being submitted: some are in, not all.
                    journaled = os.path.exists(os.path.join(state, "journal.jsonl"))
                    done = len(committed_submissions(state)) if journaled else 0
                    mid += 0 < done < ROWS
                process.wait()
            final = subprocess.run(apply, cwd=work, env=env, capture_output=True, text=True)
            failures = []
            if final.returncode != 0:
                failures.append(f"the converging apply failed: {final.stdout[-1000:]}{final.stderr[-1000:]}")
            if killed < kills:
                failures.append(f"only {killed} of {rounds} applies were killed mid-way")
            if mid < 2:
                failures.append(f"only {mid} of {killed} kills fell while rows were being submitted")
            ident = json.loads(pathlib.Path(work, "experiments.lock").read_text())["experiments"]["rag"]["id"]
            found = traces(url, token, ident)
            counts = committed_submissions(state)
            if len(found) != ROWS or any(trace["output"] in (None, "") for trace in found):
                failures.append(f"{len(found)} traces, {sum(t['output'] in (None, '') for t in found)} without output")
            twice = {trace: count for trace, count in counts.items() if count != 1}
            if twice or set(counts) != {trace["id"] for trace in found}:
                failures.append(f"submissions per trace are not one each: {dict(list(twice.items())[:5])}, "
                                f"{len(counts)} traces submitted of {len(found)}")
            again = subprocess.run(apply, cwd=work, env=env, capture_output=True, text=True)
            if committed_submissions(state) != counts or "0 rows submitted" not in again.stdout:
                failures.append(f"a further apply submitted again: {again.stdout[-1000:]}")
            label = f"submit kill test ({rounds} rounds, {killed} killed, {mid} of them mid-submission)"
            return finish(label, failures)
        finally:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    sys.exit(main())
