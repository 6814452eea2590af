#!/usr/bin/env python3
"""Fault soak: one `respan-plan apply` of N creates through a proxy that answers 10% of requests
with a 5xx, 10% with a 429 and drops the connection after 5% of successful writes (the write is
committed, the answer never arrives). Then checks, against the standalone sandbox behind it:
exactly N remote experiments, a complete lockfile (every key `created`, ids equal to the remote
ones) and an empty plan.

    fault_soak.py PATH/TO/respan-plan [N] [SEED]      # N defaults to 500; scripts/test runs 100

The faults are injected by the proxy with a seeded generator, so they are counted exactly and a
failing run can be replayed; the sandbox itself runs without faults.
"""
import http.client
import http.server
import json
import os
import pathlib
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "support"))
from checks import remote_ids  # noqa: E402

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
# POSTs that only read (filtered lists and summaries).
READ_POSTS = re.compile(r"/(list|summary|histogram)/?(\?|$)")


class FaultProxy(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, upstream, seed):
        super().__init__(("127.0.0.1", 0), FaultHandler)
        self.upstream = upstream
        self.rng = random.Random(seed)
        self.lock = threading.Lock()
        self.counts = {"requests": 0, "5xx": 0, "429": 0, "dropped": 0}

    def dice(self):
        with self.lock:
            self.counts["requests"] += 1
            return self.rng.random(), self.rng.random()

    def count(self, kind):
        with self.lock:
            self.counts[kind] += 1


class FaultHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def handle_any(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        fault, drop = self.server.dice()
        if fault < 0.10:
            self.server.count("5xx")
            return self.answer(random.choice([500, 502, 503]), {"detail": "injected server error"})
        if fault < 0.20:
            self.server.count("429")
            return self.answer(429, {"detail": "Request was throttled.", "retry_after": 0}, {"Retry-After": "0"})
        status, headers, payload = self.forward(body)
        is_write = self.command in WRITE_METHODS and not READ_POSTS.search(self.path)
        if is_write and 200 <= status < 300 and drop < 0.05:
            # Committed upstream; the client never hears so.
            self.server.count("dropped")
            self.close_connection = True
            return
        self.answer(status, payload, headers, raw=True)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = handle_any

    def forward(self, body):
        connection = http.client.HTTPConnection(self.server.upstream, timeout=60)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
        connection.request(self.command, self.path, body=body or None, headers=headers)
        response = connection.getresponse()
        payload = response.read()
        kept = {k: v for k, v in response.getheaders() if k.lower() in ("content-type", "retry-after")}
        connection.close()
        return response.status, kept, payload

    def answer(self, status, payload, headers=None, raw=False):
        data = payload if raw else json.dumps(payload).encode()
        self.send_response(status)
        for key, value in (headers or {"Content-Type": "application/json"}).items():
            self.send_header(key, value)
        if not raw and headers:
            self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def manifest(count):
    lines = ["version: 1", "project: soak", "datasets: { qa: { id: ds_support_qa_2024 } }",
             "evaluators: { quality: { id: eval_quality } }", "defaults: { dataset: qa, evaluators: [quality] }",
             "experiments:"]
    lines += [f"  s{index}: {{ workflow: [{{ type: completion, config: {{ model: m{index % 5} }} }}] }}"
              for index in range(count)]
    return "\n".join(lines) + "\n"


def check(binary, work, count, sandbox_url, env, started, proxy):
    failures = []
    lock = json.loads(pathlib.Path(work, "experiments.lock").read_text())["experiments"]
    ids = remote_ids(sandbox_url, env["RESPAN_API_KEY"])
    if len(ids) != count:
        failures.append(f"{len(ids)} remote experiments, expected exactly {count}")
    if len(lock) != count or any(entry["state"] != "created" for entry in lock.values()):
        failures.append(f"the lockfile has {len(lock)} keys ({sum(e['state'] == 'created' for e in lock.values())} "
                        f"created), expected {count} created")
    if sorted(ids) != sorted(entry["id"] for entry in lock.values()):
        failures.append("the lockfile's ids are not the remote experiments' ids")
    plan_env = dict(env, RESPAN_BASE_URL=sandbox_url)
    plan = subprocess.run([binary, "plan", os.path.join(work, "experiments.yaml"), "--detailed-exitcode"],
                          env=plan_env, capture_output=True, text=True)
    if plan.returncode != 0:
        failures.append(f"the plan after the soak is not empty (exit {plan.returncode}): {plan.stdout[-800:]}")
    counts = proxy.counts
    print(f"fault soak: {count} creates in one apply, {time.monotonic() - started:.1f}s; {counts['requests']} "
          f"requests, {counts['5xx']} answered 5xx, {counts['429']} answered 429, {counts['dropped']} dropped after "
          f"commit; {len(ids)} remote experiments")
    return failures


def main():
    binary = str(pathlib.Path(sys.argv[1]).resolve())
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 500
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 7
    token = "soak-token"
    with tempfile.TemporaryDirectory() as work:
        server = subprocess.Popen([binary, "sandbox", "--port", "0", "--token", token, "--run-seconds", "1",
                                   "--data-dir", os.path.join(work, "state")], stdout=subprocess.PIPE, text=True)
        try:
            sandbox_url = re.search(r"http://[0-9.:]+", server.stdout.readline()).group(0)
            proxy = FaultProxy(sandbox_url.removeprefix("http://"), seed)
            threading.Thread(target=proxy.serve_forever, daemon=True).start()
            env = dict(os.environ, RESPAN_BASE_URL=f"http://127.0.0.1:{proxy.server_address[1]}", RESPAN_API_KEY=token)
            path = pathlib.Path(work, "experiments.yaml")
            path.write_text(manifest(count))
            started = time.monotonic()
            apply = subprocess.run([binary, "apply", str(path), "--auto-approve", "--parallelism", "4",
                                    "--rate-limit", "100000"], env=env, capture_output=True, text=True)
            failures = [] if apply.returncode == 0 else [f"apply exited {apply.returncode}: {apply.stderr[-2000:]}"]
            failures += check(binary, work, count, sandbox_url, env, started, proxy)
            proxy.shutdown()
            for failure in failures:
                print(f"error: {failure}")
            print(f"fault soak: {0 if failures else 1} passed, {1 if failures else 0} failed")
            return 1 if failures else 0
        finally:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    sys.exit(main())
