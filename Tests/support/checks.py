"""What the Python test scripts (kill, reliability, ci, dist) share: reading the sandbox's experiments and
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


class Checks:
    """Named checks, each printed as `ok - NAME` or `FAIL - NAME` with the end of its detail,
    counted for the closing line `LABEL: N passed, M failed`."""

    def __init__(self):
        self.passed, self.failed = 0, 0

    def check(self, name, condition, detail=""):
        if condition:
            self.passed += 1
            print(f"ok - {name}")
        else:
            self.failed += 1
            print(f"FAIL - {name}" + (f"\n{str(detail)[-2000:]}" if detail else ""))
        return condition

    def finish(self, label):
        """Prints the closing line; returns the exit code."""
        print(f"{label}: {self.passed} passed, {self.failed} failed")
        return 1 if self.failed else 0

