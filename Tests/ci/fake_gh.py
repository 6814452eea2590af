#!/usr/bin/env python3
"""A stand-in for the GitHub CLI, put first on PATH as `gh` by Tests/ci/run_workflow.py.

Understands what examples/ci/github-actions.yml calls: `gh api repos/R/issues/N/comments` (GET, with
`--paginate` and a `--jq` that selects comments whose body starts with a marker and prints their
ids), `gh api --method POST repos/R/issues/N/comments -F body=@FILE` and `gh api --method PATCH
repos/R/issues/comments/ID -F body=@FILE`. Comments live in $FAKE_GH_DIR/comments.json; every call
is appended to $FAKE_GH_DIR/calls.jsonl. `gh release download TAG --repo R --pattern P... --dir D`
copies the matching files of $FAKE_GH_DIR/releases/OWNER/NAME/TAG/ (exit 1 "release not found" when
there is no such folder). Anything else fails (exit 1) saying what it was.
"""
import fnmatch
import shutil
import json
import os
import re
import sys


def parse(argv):
    if argv[:1] != ["api"]:
        sys.exit(f"fake gh: unsupported command {argv}")
    options, fields, positional, index = {}, {}, [], 1
    while index < len(argv):
        arg = argv[index]
        if arg in ("--method", "-X", "--jq", "-q"):
            options[arg.lstrip("-")] = argv[index + 1]
            index += 2
        elif arg in ("-F", "--field", "-f", "--raw-field"):
            key, value = argv[index + 1].split("=", 1)
            if value.startswith("@") and arg in ("-F", "--field"):
                with open(value[1:], encoding="utf-8") as file:
                    value = file.read()
            fields[key] = value
            index += 2
        elif arg == "--paginate":
            options["paginate"] = True
            index += 1
        elif arg.startswith("-"):
            sys.exit(f"fake gh: unsupported option {arg}")
        else:
            positional.append(arg)
            index += 1
    if len(positional) != 1:
        sys.exit(f"fake gh: expected one endpoint, got {positional}")
    method = options.get("method") or options.get("X") or ("POST" if fields else "GET")
    return method.upper(), positional[0], fields, options.get("jq") or options.get("q")


def release_download(store_dir, argv):
    tag, options, index = None, {"pattern": []}, 0
    while index < len(argv):
        arg = argv[index]
        if arg in ("--repo", "-R", "--dir", "-D", "--pattern", "-p"):
            key = {"-R": "repo", "-D": "dir", "-p": "pattern"}.get(arg, arg.lstrip("-"))
            if key == "pattern":
                options["pattern"].append(argv[index + 1])
            else:
                options[key] = argv[index + 1]
            index += 2
        elif arg.startswith("-") or tag is not None:
            sys.exit(f"fake gh: unsupported release download argument {arg}")
        else:
            tag, index = arg, index + 1
    with open(os.path.join(store_dir, "calls.jsonl"), "a", encoding="utf-8") as log:
        log.write(json.dumps({"method": "RELEASE", "endpoint": f"{options.get('repo')}@{tag}"}) + "\n")
    folder = os.path.join(store_dir, "releases", options.get("repo", ""), tag or "")
    if not tag or not os.path.isdir(folder):
        sys.exit("release not found")
    names = [n for n in sorted(os.listdir(folder)) if any(fnmatch.fnmatch(n, p) for p in options["pattern"])]
    if not names:
        sys.exit("no assets match the file pattern")
    os.makedirs(options.get("dir", "."), exist_ok=True)
    for name in names:
        shutil.copy(os.path.join(folder, name), os.path.join(options.get("dir", "."), name))


def main():
    store_dir = os.environ["FAKE_GH_DIR"]
    if sys.argv[1:3] == ["release", "download"]:
        release_download(store_dir, sys.argv[3:])
        return
    method, endpoint, fields, jq = parse(sys.argv[1:])
    with open(os.path.join(store_dir, "calls.jsonl"), "a", encoding="utf-8") as log:
        log.write(json.dumps({"method": method, "endpoint": endpoint, "fields": fields, "jq": jq}) + "\n")
    path = os.path.join(store_dir, "comments.json")
    store = json.load(open(path)) if os.path.exists(path) else {"next_id": 1001, "comments": []}
    listing = re.fullmatch(r"repos/[^/]+/[^/]+/issues/(\d+)/comments", endpoint)
    single = re.fullmatch(r"repos/[^/]+/[^/]+/issues/comments/(\d+)", endpoint)
    if listing and method == "GET":
        comments = [c for c in store["comments"] if c["issue"] == int(listing.group(1))]
        if jq is None:
            print(json.dumps(comments))
            return
        marker = re.fullmatch(r'\.\[\] \| select\(\.body \| startswith\("([^"]*)"\)\) \| \.id', jq)
        if not marker:
            sys.exit(f"fake gh: unsupported --jq {jq!r}")
        for comment in comments:
            if comment["body"].startswith(marker.group(1)):
                print(comment["id"])
        return
    if listing and method == "POST":
        comment = {"id": store["next_id"], "issue": int(listing.group(1)), "body": fields["body"]}
        store["next_id"] += 1
        store["comments"].append(comment)
    elif single and method == "PATCH":
        matches = [c for c in store["comments"] if c["id"] == int(single.group(1))]
        if not matches:
            sys.exit(f"fake gh: HTTP 404: no comment {single.group(1)}")
        comment = matches[0]
        comment["body"] = fields["body"]
    else:
        sys.exit(f"fake gh: unsupported call {method} {endpoint}")
    with open(path, "w", encoding="utf-8") as file:
        json.dump(store, file)
    print(json.dumps(comment))


if __name__ == "__main__":
    main()
