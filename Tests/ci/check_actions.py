#!/usr/bin/env python3
"""Checks action.yml and the workflows in examples/ci/ the way a security review would:
- every `uses:` is pinned to a full 40-hex commit and names its tag in a comment (`@SHA # v1.2.3`);
- every checkout sets `persist-credentials: false`; the workflows start from `permissions: {}`;
- `zizmor --offline` finds nothing at medium severity or above;
- GitHub's schemas (check-jsonschema's vendor.github-workflows / vendor.github-actions) accept them;
- the action's default `version` is the release this tree builds (Sources/RespanCore/ToolVersion.swift).
Usage: check_actions.py BIN_DIR   (the folder holding zizmor and check-jsonschema; .ci/run makes
.build-lint-venv with both from PyPI)
"""
import pathlib
import re
import subprocess
import sys

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]
ACTION = ROOT / "action.yml"
WORKFLOWS = sorted((ROOT / "examples/ci").glob("*.yml"))
PIN = re.compile(r"^\s*-?\s*uses:\s*(\S+)@([^\s#]+)\s*(#\s*(\S+))?")


def uses_lines(path):
    return [(number, line) for number, line in enumerate(path.read_text().splitlines(), 1)
            if re.match(r"^\s*-?\s*uses:", line)]


def check_pins(path, failures):
    lines = uses_lines(path)
    for number, line in lines:
        match = PIN.match(line)
        where = f"{path.relative_to(ROOT)}:{number}"
        if not match:
            failures.append(f"{where}: `uses:` without @COMMIT: {line.strip()}")
            continue
        commit, tag = match.group(2), match.group(4)
        if not re.fullmatch(r"[0-9a-f]{40}", commit):
            failures.append(f"{where}: {match.group(1)} is pinned to '{commit}', not a 40-hex commit")
        if not tag or not re.fullmatch(r"v\d+(\.\d+){0,2}", tag):
            failures.append(f"{where}: {match.group(1)}@{commit[:12]} names no tag in a comment (# vX.Y.Z)")
    return len(lines)


def steps_of(document):
    if "runs" in document:
        yield from document["runs"].get("steps", [])
    for job in (document.get("jobs") or {}).values():
        yield from job.get("steps", [])


def check_hardening(path, failures):
    document = yaml.safe_load(path.read_text())
    for step in steps_of(document):
        if str(step.get("uses", "")).startswith("actions/checkout@"):
            if (step.get("with") or {}).get("persist-credentials") is not False:
                failures.append(f"{path.relative_to(ROOT)}: a checkout without persist-credentials: false")
    if "jobs" in document:
        if document.get("permissions") != {}:
            failures.append(f"{path.relative_to(ROOT)}: the workflow must start from `permissions: {{}}`")
        for name, job in document["jobs"].items():
            if "permissions" not in job:
                failures.append(f"{path.relative_to(ROOT)}: job '{name}' states no permissions")
    return document


def run(command):
    process = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    return process.returncode, (process.stdout + process.stderr).strip()


def main():
    bin_dir = pathlib.Path(sys.argv[1])
    passed, failed, failures = 0, 0, []

    def check(name, found):
        nonlocal passed, failed
        if found:
            failed += 1
            failures.extend(found)
            print(f"FAIL - {name}")
        else:
            passed += 1
            print(f"ok - {name}")

    files = [ACTION, *WORKFLOWS]
    found = []
    count = sum(check_pins(path, found) for path in files)
    check(f"{count} `uses:` pinned to a 40-hex commit naming its tag", found or ([] if count else ["no uses: found"]))
    found = []
    for path in files:
        check_hardening(path, found)
    check("checkouts keep no credentials; least permissions", found)
    code, output = run([str(bin_dir / "zizmor"), "--offline", "--min-severity", "medium", "--no-progress",
                        *map(str, files)])
    check("zizmor --offline: nothing at medium or above", [] if code == 0 else [f"zizmor exit {code}:\n{output}"])
    code, output = run([str(bin_dir / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows",
                        *map(str, WORKFLOWS)])
    check("GitHub's workflow schema accepts examples/ci/*.yml", [] if code == 0 else [output])
    code, output = run([str(bin_dir / "check-jsonschema"), "--builtin-schema", "vendor.github-actions", str(ACTION)])
    check("GitHub's action schema accepts action.yml", [] if code == 0 else [output])
    tool_version = (ROOT / "Sources/RespanCore/ToolVersion.swift").read_text()
    version = re.search(r'static let current = "([^"]*)"', tool_version).group(1)
    default = yaml.safe_load(ACTION.read_text())["inputs"]["version"]["default"]
    check(f"action.yml installs this release by default (v{version})",
          [] if default == f"v{version}" else [f"action.yml's version default is {default}, ToolVersion.swift says {version}"])
    for failure in failures:
        print(f"error: {failure}")
    print(f"actions: {passed} passed, {failed} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
