#!/usr/bin/env python3
"""Secrets: a canary API key must never show up in what respan-plan writes.

    secrets_canary.py PATH/TO/respan-plan

Runs every command that talks to Respan (plan in each format and saved, apply of a saved plan
and of the manifest, status, results in each format, state) against a standalone sandbox with
the canary as its token, from RESPAN_API_KEY and from --api-key-file, plus the errors that
echo a request: a rejected key (401), an unreachable host, a wrong base path (404 naming the
URL), a refused plain-http host, server errors with retry notices, a timeout. Then looks for
the canary in every standard output and error and in every file the commands left (lockfile,
saved plan, results files). The sandbox's own output is not checked: it is the server, given
the token to print.
"""
import os
import pathlib
import re
import secrets
import subprocess
import sys
import tempfile

MANIFEST = """version: 1
project: canary
datasets: { qa: { id: ds_support_qa_2024 } }
evaluators: { quality: { id: eval_quality } }
defaults: { dataset: qa, evaluators: [quality] }
experiments:
  first: { workflow: [{ type: completion, config: { model: m1 } }], gates: { quality: { min_mean: 0.0 } } }
  second: { workflow: [{ type: completion, config: { model: m2 } }] }
"""


def start_sandbox(binary, token, directory, *flags):
    server = subprocess.Popen([binary, "sandbox", "--port", "0", "--token", token, "--run-seconds", "1",
                               "--data-dir", directory, *flags], stdout=subprocess.PIPE, text=True)
    return server, re.search(r"http://[0-9.:]+", server.stdout.readline()).group(0)


# Runs that must fail: their error text is what is checked.
FAILING = {"timeout", "unreachable host", "wrong base path", "plain http to a remote host", "rejected key (401)"}


def commands(work, url, key_file):
    """(label, arguments, environment changes) of every run to check."""
    manifest = str(work / "experiments.yaml")
    saved = str(work / "saved.plan.json")
    ok = {"RESPAN_BASE_URL": url}
    return [
        ("validate", ["validate", manifest], ok),
        ("render", ["render", manifest], ok),
        ("plan", ["plan", manifest], ok),
        ("plan json", ["plan", manifest, "--format", "json"], ok),
        ("plan markdown", ["plan", manifest, "--format", "markdown"], ok),
        ("plan --out", ["plan", manifest, "--out", saved], ok),
        ("apply saved plan", ["apply", saved, "--auto-approve"], ok),
        ("apply --wait", ["apply", manifest, "--auto-approve", "--wait", "--timeout", "60"], ok),
        ("status", ["status", manifest], ok),
        ("results", ["results", manifest], ok),
        ("results json", ["results", manifest, "--format", "json"], ok),
        ("results markdown", ["results", manifest, "--format", "markdown"], ok),
        ("results junit", ["results", manifest, "--format", "junit"], ok),
        ("state list", ["state", "list", "--file", manifest], ok),
        ("state show", ["state", "show", "first", "--file", manifest], ok),
        ("key from a file", ["plan", manifest, "--api-key-file", key_file], dict(ok, RESPAN_API_KEY="")),
        ("timeout", ["plan", manifest, "--timeout", "0.001"], ok),
        ("unreachable host", ["plan", manifest], {"RESPAN_BASE_URL": "http://127.0.0.1:9"}),
        ("wrong base path", ["plan", manifest], {"RESPAN_BASE_URL": url + "/not/the/api"}),
        ("plain http to a remote host", ["plan", manifest], {"RESPAN_BASE_URL": "http://respan.invalid"}),
    ]


def run(binary, work, label, arguments, changes, env, findings, outputs):
    result = subprocess.run([binary, *arguments], cwd=work, env=dict(env, **changes), capture_output=True, text=True,
                            timeout=180)
    outputs.append((label, result.returncode))
    for stream, text in (("stdout", result.stdout), ("stderr", result.stderr)):
        if env["CANARY"] in text:
            findings.append(f"{label}: the key is in its {stream}")
    # Writing results files is what CI does: keep each output as a file, checked with the rest.
    (work / "outputs").mkdir(exist_ok=True)
    (work / "outputs" / re.sub(r"\W+", "-", label)).write_text(result.stdout + result.stderr)


def scan_files(work, canary, findings):
    for path in work.rglob("*"):
        if path.is_file() and canary.encode() in path.read_bytes():
            findings.append(f"the key is in {path.relative_to(work)}")


def main():
    binary = str(pathlib.Path(sys.argv[1]).resolve())
    canary = "rsp_canary_" + secrets.token_hex(16)
    with tempfile.TemporaryDirectory() as root:
        work = pathlib.Path(root, "work")
        work.mkdir()
        (work / "experiments.yaml").write_text(MANIFEST)
        key_file = pathlib.Path(root, "key.txt")
        key_file.write_text(canary + "\n")
        servers = []
        try:
            server, url = start_sandbox(binary, canary, os.path.join(root, "state"))
            servers.append(server)
            flaky, flaky_url = start_sandbox(binary, canary, os.path.join(root, "flaky"), "--error-rate", "0.6",
                                             "--seed", "3")
            servers.append(flaky)
            other, other_url = start_sandbox(binary, "not-the-canary", os.path.join(root, "other"))
            servers.append(other)
            env = dict(os.environ, RESPAN_API_KEY=canary, CANARY=canary)
            env.pop("GITHUB_ACTIONS", None)
            findings, outputs = [], []
            runs = commands(work, url, str(key_file)) + [
                ("rejected key (401)", ["plan", str(work / "experiments.yaml")], {"RESPAN_BASE_URL": other_url}),
                ("server errors and retries", ["plan", str(work / "experiments.yaml"), "--lockfile",
                                               str(work / "flaky.lock")], {"RESPAN_BASE_URL": flaky_url}),
            ]
            for label, arguments, changes in runs:
                run(binary, work, label, arguments, changes, env, findings, outputs)
            scan_files(work, canary, findings)
            # A run that ends otherwise than meant did not show what it was meant to show.
            unexpected = [f"{label} (exit {status})" for label, status in outputs if (status != 0) != (label in FAILING)]
            if unexpected:
                findings.append(f"these runs did not end as expected: {unexpected}")
            for finding in findings:
                print(f"error: {finding}")
            print(f"secrets canary: {len(runs)} runs and {sum(1 for p in work.rglob('*') if p.is_file())} files "
                  f"checked; {0 if findings else 1} passed, {1 if findings else 0} failed")
            return 1 if findings else 0
        finally:
            for server in servers:
                server.terminate()
                server.wait()


if __name__ == "__main__":
    sys.exit(main())
