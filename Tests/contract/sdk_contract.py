#!/usr/bin/env python3
"""Drives a respan-plan sandbox through Respan's official Python SDK (respan-api 0.1.47, the last
release carrying the experiments, datasets and evaluators clients) and checks that every call the
SDK offers on experiments (and their traces), datasets, evaluators and traces either succeeds and
decodes into the SDK's own models, or - for the calls the sandbox does not implement, listed with
their reasons in sdk_unsupported.py - answers Respan's documented error shape, so the SDK raises
its typed ApiError instead of crashing.

Usage: sdk_contract.py PATH/TO/respan-plan   (run with a Python that has respan-api installed)
Prints one line per call and "sdk contract: N passed, M failed"; exits 1 on any failure.
"""
import inspect
import os
import pathlib
import re
import select
import subprocess
import sys
import time
import traceback

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

SDK_VERSION = "0.1.47"
RESOURCES = ("experiments", "datasets", "evaluators", "traces")
TOKEN = "sdk-contract-token"


class Sandbox:
    """A standalone sandbox process on a free loopback port, in memory, stopped on exit."""

    def __init__(self, binary, run_seconds):
        self.process = subprocess.Popen(
            [binary, "sandbox", "--port", "0", "--ephemeral", "--token", TOKEN, "--run-seconds", str(run_seconds)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.url = self._read_url(deadline=time.monotonic() + 30)

    def _read_url(self, deadline):
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.process.stdout], [], [], 0.5)
            if ready:
                line = self.process.stdout.readline()
                if not line:
                    break
                found = re.search(r"listening on (http://\S+)", line)
                if found:
                    return found.group(1)
        self.stop()
        raise RuntimeError(f"the sandbox printed no URL: {self.process.stderr.read()}")

    def __enter__(self):
        return self

    def __exit__(self, *exception):
        self.stop()

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


class Contract:
    """Runs named checks, recording which SDK methods each one called."""

    def __init__(self, client, frozen_client):
        self.client, self.frozen_client = client, frozen_client
        self.passed, self.failed, self.called = 0, [], set()
        self.state = {}

    def call(self, method_name, /, *args, frozen=False, **kwargs):
        """Calls `resource.method` on the SDK client (the frozen sandbox's when `frozen`)."""
        resource, method = method_name.split(".")
        self.called.add(method_name)
        client = self.frozen_client if frozen else self.client
        return getattr(getattr(client, resource), method)(*args, **kwargs)

    def check(self, name, function):
        try:
            function(self)
        except Exception as error:  # every failure is reported, then the next check runs
            self.failed.append(name)
            detail = "".join(traceback.format_exception_only(type(error), error)).strip()
            print(f"FAIL {name}: {detail}")
        else:
            self.passed += 1
            print(f"ok   {name}")


def sdk_methods():
    """Every public method of the sync clients of RESOURCES, as `resource.method`."""
    from respan.client import RespanClient
    client = RespanClient(base_url="http://127.0.0.1:1", authorization="", respan_api_key="x")
    names = set()
    for resource in RESOURCES:
        for name, member in inspect.getmembers(type(getattr(client, resource)), inspect.isfunction):
            if not name.startswith("_"):
                names.add(f"{resource}.{name}")
    return names


def check_coverage(contract):
    """Every SDK method was called by a check; a new SDK method fails here until it is covered."""
    missing = sorted(sdk_methods() - contract.called)
    assert not missing, f"SDK methods no check calls: {missing}"


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    try:
        from importlib.metadata import version
        from respan.client import RespanClient
    except ImportError:
        sys.exit("sdk contract: respan-api is not installed in this Python (.ci/run installs it into .build-venv)")
    if version("respan-api") != SDK_VERSION:
        sys.exit(f"sdk contract: needs respan-api {SDK_VERSION}, found {version('respan-api')}")
    import sdk_calls
    import sdk_managed_calls
    import sdk_unsupported
    binary = str(pathlib.Path(sys.argv[1]).resolve())
    if not os.access(binary, os.X_OK):
        sys.exit(f"sdk contract: no respan-plan executable at {binary} (build it first)")
    started = time.monotonic()
    def client(url):
        return RespanClient(base_url=url, authorization="", respan_api_key=TOKEN, timeout=10)
    # Runs take a second; the frozen sandbox's runs never leave `pending`, for the before-any-score answers.
    with Sandbox(binary, run_seconds=1) as sandbox, Sandbox(binary, run_seconds=86400) as frozen:
        contract = Contract(client(sandbox.url), client(frozen.url))
        for name, function in sdk_calls.CHECKS + sdk_managed_calls.CHECKS + sdk_unsupported.CHECKS:
            contract.check(name, function)
        contract.check("every SDK method is covered", check_coverage)
    print(f"sdk contract: {contract.passed} passed, {len(contract.failed)} failed "
          f"({len(contract.called)} SDK methods called, {time.monotonic() - started:.1f}s)")
    sys.exit(1 if contract.failed else 0)


if __name__ == "__main__":
    main()
