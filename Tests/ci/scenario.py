"""The world the CI test runs the workflow in: a bare `origin` repository, a developer's clone, a
standalone sandbox behind a counting proxy, a fake `gh` first on PATH (its comments in a file, its
releases in a folder), and a fresh shallow checkout for every job, as a GitHub runner makes. The
workflow's `uses: your-org/respan-plan@…` step runs the repository's action.yml.
"""
import hashlib
import io
import json
import os
import pathlib
import re
import shutil
import subprocess
import tarfile
import tempfile
import urllib.request

import workflow
from counting_proxy import CountingProxy

TOKEN = "ci-test-secret-7c41e0d2"  # the RESPAN_API_KEY secret; must never appear in any output
REPOSITORY = "example/support-bot"
PR_NUMBER = 7
ACTION = "your-org/respan-plan"      # the example workflow's `uses:` and the releases' repository
ARCHIVE = "respan-plan-linux-x86_64.tar.gz"
IDENTITY = {"GIT_AUTHOR_NAME": "dev", "GIT_AUTHOR_EMAIL": "dev@example.com", "GIT_COMMITTER_NAME": "dev",
            "GIT_COMMITTER_EMAIL": "dev@example.com"}
INHERITED = ("HOME", "LANG", "LC_ALL", "TMPDIR", "USER")


class JobRun:
    def __init__(self, outcome, steps, workspace, new_ids, requests):
        self.outcome, self.steps, self.workspace = outcome, steps, workspace
        self.new_ids, self.requests = new_ids, requests


class World:
    def __init__(self, binary, work, root):
        self.binary, self.work, self.root = binary, work, root
        self.workflow = workflow.load(root / "examples/ci/github-actions.yml")
        self.action = workflow.load(root / "action.yml")
        self.version = self.action["inputs"]["version"]["default"]
        self.origin = work / "origin.git"
        self.developer = work / "developer"
        self.gh_dir = work / "gh"
        self.runs, self.printed = 0, []

    def __enter__(self):
        self.sandbox = subprocess.Popen(
            [self.binary, "sandbox", "--port", "0", "--ephemeral", "--token", TOKEN, "--run-seconds", "1"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.sandbox_url = re.search(r"http://[0-9.:]+", self.sandbox.stdout.readline()).group(0)
        self.proxy = CountingProxy(self.sandbox_url)
        fake_bin = self.work / "fake-bin"
        fake_bin.mkdir()
        shutil.copy(self.root / "Tests/ci/fake_gh.py", fake_bin / "gh")
        (fake_bin / "gh").chmod(0o755)
        self.gh_dir.mkdir()
        # respan-plan is not on PATH: the action installs it from a release.
        self.path = os.pathsep.join([str(fake_bin), os.environ["PATH"]])
        self.publish(self.version)
        return self

    def publish(self, tag, corrupt=False):
        """A release of ACTION: an archive whose `respan-plan` runs the binary under test, and its
        .sha256 (of other bytes when `corrupt`)."""
        folder = self.gh_dir / "releases" / ACTION / tag
        folder.mkdir(parents=True)
        script = f'#!/bin/sh\nexec "{self.binary}" "$@"\n'.encode()
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
            info = tarfile.TarInfo("respan-plan")
            info.size, info.mode = len(script), 0o755
            archive.addfile(info, io.BytesIO(script))
        (folder / ARCHIVE).write_bytes(buffer.getvalue())
        digest = hashlib.sha256(buffer.getvalue() + (b"tampered" if corrupt else b"")).hexdigest()
        (folder / f"{ARCHIVE}.sha256").write_text(f"{digest}  {ARCHIVE}\n")

    def __exit__(self, *exc):
        self.proxy.close()
        self.sandbox.terminate()
        self.sandbox.wait()

    def git(self, cwd, *args):
        env = dict(os.environ, **IDENTITY)
        return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout

    def seed(self, manifest):
        self.git(self.work, "init", "--quiet", "--bare", "--initial-branch=main", str(self.origin))
        self.git(self.work, "clone", "--quiet", self.origin_url(), str(self.developer))
        self.git(self.developer, "symbolic-ref", "HEAD", "refs/heads/main")
        shutil.copy(manifest, self.developer / "experiments.yaml")
        (self.developer / ".gitignore").write_text(".respan/\n*.lock.flock\n*.lock.journal\n")
        self.git(self.developer, "add", ".")
        self.git(self.developer, "commit", "--quiet", "-m", "The model sweep")
        self.git(self.developer, "push", "--quiet", "origin", "main")

    def origin_url(self):
        return f"file://{self.origin}"

    def developer_commits(self, branch, edit):
        """Commits an edit of experiments.yaml on `branch` (made from origin's main) and pushes it."""
        self.git(self.developer, "fetch", "--quiet", "origin")
        exists = self.git(self.developer, "ls-remote", "--heads", "origin", branch).strip()
        self.git(self.developer, "checkout", "--quiet", "-B", branch, f"origin/{branch}" if exists else "origin/main")
        manifest = self.developer / "experiments.yaml"
        manifest.write_text(edit(manifest.read_text()))
        self.git(self.developer, "commit", "--quiet", "-am", f"Edit on {branch}")
        self.git(self.developer, "push", "--quiet", "origin", branch)

    def developer_merges(self, branch):
        self.git(self.developer, "fetch", "--quiet", "origin")
        self.git(self.developer, "checkout", "--quiet", "-B", "main", "origin/main")
        self.git(self.developer, "merge", "--quiet", "--no-ff", "-m", f"Merge pull request #{PR_NUMBER}", f"origin/{branch}")
        self.git(self.developer, "push", "--quiet", "origin", "main")

    def origin_lockfile(self):
        text = self.git(self.work, "--git-dir", str(self.origin), "show", "main:experiments.lock")
        return json.loads(text)["experiments"]

    def remote_ids(self):
        ids, page = set(), 1
        while True:
            request = urllib.request.Request(
                f"{self.sandbox_url}/api/v2/experiments/list/?page={page}&page_size=100", data=b"{}",
                headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}, method="POST")
            body = json.load(urllib.request.urlopen(request, timeout=30))
            ids |= {item["id"] for item in body["results"]}
            if not body["next"]:
                return ids
            page += 1

    def context(self, event, sha):
        context = {"github.repository": REPOSITORY, "github.token": "fake-github-token", "github.sha": sha,
                   "secrets.RESPAN_API_KEY": TOKEN, "github.server_url": "https://github.com",
                   "github.event.repository.default_branch": "main"}
        if event == "pull_request":
            context.update({"github.event_name": "pull_request", "github.event.number": PR_NUMBER,
                            "github.event.pull_request.number": PR_NUMBER,
                            "github.base_ref": "main", "github.event.pull_request.head.repo.full_name": REPOSITORY,
                            "github.ref_name": f"{PR_NUMBER}/merge"})
        else:
            context.update({"github.event_name": "push", "github.ref_name": "main", "github.base_ref": ""})
        return context

    def run_job(self, job, branch, action_inputs=None, context_changes=None):
        """Checks `branch` out shallowly in a fresh workspace and runs the job's steps there; with
        `action_inputs`, runs only the action with these inputs (and `context_changes`) instead."""
        self.runs += 1
        workspace = self.work / f"runner-{self.runs}"
        self.git(self.work, "clone", "--quiet", "--depth", "1", "--branch", branch, self.origin_url(), str(workspace))
        sha = self.git(workspace, "rev-parse", "HEAD").strip()
        event = "pull_request" if job == "pull-request" else "push"
        context = dict(self.context(event, sha), **(context_changes or {}))
        temp = self.work / f"runner-temp-{self.runs}"
        temp.mkdir()
        summary = temp / "step-summary.md"
        env = {key: os.environ[key] for key in INHERITED if key in os.environ}
        env.update(PATH=self.path, CI="true", GITHUB_ACTIONS="true", RUNNER_TEMP=str(temp),
                   GITHUB_WORKSPACE=str(workspace), GITHUB_SHA=sha, GITHUB_REPOSITORY=REPOSITORY,
                   GITHUB_EVENT_NAME=event, GITHUB_REF_NAME=context["github.ref_name"],
                   GITHUB_BASE_REF=context.get("github.base_ref", ""), RESPAN_BASE_URL=self.proxy.url,
                   FAKE_GH_DIR=str(self.gh_dir), GITHUB_STEP_SUMMARY=str(summary))
        before_ids, before_requests = self.remote_ids(), len(self.proxy.counts())
        marks = [before_requests]

        def count_requests(result):
            marks.append(len(self.proxy.counts()))
            result.requests = marks[-1] - marks[-2]

        if action_inputs is None:
            outcome, steps = workflow.run_job(self.workflow, job, context, str(workspace), env, count_requests,
                                              actions={ACTION: (self.action, self.root)})
        else:
            with tempfile.TemporaryDirectory() as files:
                outcome, steps = workflow.run_action((self.action, self.root), action_inputs, context, env, [],
                                                     str(workspace), files, after_step=count_requests)
        self.printed += [(f"{job}: {s.name}", s.output) for s in steps]
        self.printed += [(f"{job}: {path.name}", path.read_text()) for path in temp.glob("*.md")]
        run = JobRun(outcome, steps, workspace, self.remote_ids() - before_ids, self.proxy.counts()[before_requests:])
        run.summary = summary.read_text() if summary.exists() else ""
        return run

    def plan_on_main(self):
        checkout = self.work / "after-merge"
        self.git(self.work, "clone", "--quiet", "--depth", "1", self.origin_url(), str(checkout))
        env = dict(os.environ, RESPAN_BASE_URL=self.sandbox_url, RESPAN_API_KEY=TOKEN)
        env.pop("RESPAN_PLAN_WORKSPACE", None)
        return subprocess.run([self.binary, "plan", "--detailed-exitcode", "experiments.yaml"], cwd=checkout,
                              env=env, capture_output=True, text=True)

    def comments(self):
        path = self.gh_dir / "comments.json"
        return json.loads(path.read_text())["comments"] if path.exists() else []

    def calls(self):
        path = self.gh_dir / "calls.jsonl"
        return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []

    def everything_printed(self):
        return self.printed + [("gh calls", json.dumps(self.calls())), ("comments", json.dumps(self.comments()))]
