"""What the Python test scripts (kill, reliability) share: reading the sandbox's experiments and
ending a check with the closing line CI reads ('N passed, M failed')."""
import json
import urllib.request


def remote_ids(url, token):
    """Every experiment id on the sandbox, following the list's pages (100 a page)."""
    ids, page = [], 1
    while True:
        request = urllib.request.Request(f"{url}/api/v2/experiments/list/?page={page}&page_size=100", data=b"{}",
                                         headers={"Authorization": f"Bearer {token}"}, method="POST")
        body = json.load(urllib.request.urlopen(request, timeout=30))
        ids += [item["id"] for item in body["results"]]
        if not body["next"]:
            return ids
        page += 1


def remote_experiment(url, token, ident):
    """One experiment's full record (with its workflow)."""
    request = urllib.request.Request(f"{url}/api/v2/experiments/{ident}/", headers={"Authorization": f"Bearer {token}"})
    return json.load(urllib.request.urlopen(request, timeout=30))


def finish(label, failures):
    """Prints each failure and the closing line; returns the exit code."""
    for failure in failures:
        print(f"error: {failure}")
    print(f"{label}: {1 if not failures else 0} passed, {1 if failures else 0} failed")
    return 1 if failures else 0
