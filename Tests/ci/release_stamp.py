"""Runs release.yml's `stamp` step on a copy of BuildInfo.swift: it must write the commit into the
`commit` line (which `respan-plan --version` prints), leave the rest alone, and refuse a tag that
does not match the version (Sources/RespanCore/ToolVersion.swift, the one place it is written).
"""
import pathlib
import re
import tempfile

import workflow

SHA = "0123456789abcdef0123456789abcdef01234567"


def run_stamp(release_yml, build_info, ref_type, ref_name):
    tool_version = build_info.parents[1] / "RespanCore" / "ToolVersion.swift"
    document = workflow.load(release_yml)
    job = next(iter(document["jobs"].values()))
    step = next(s for s in job["steps"] if s.get("id") == "stamp")
    with tempfile.TemporaryDirectory() as work:
        target = pathlib.Path(work, "Sources/respan-plan/BuildInfo.swift")
        target.parent.mkdir(parents=True)
        target.write_text(build_info.read_text())
        versions = pathlib.Path(work, "Sources/RespanCore/ToolVersion.swift")
        versions.parent.mkdir(parents=True)
        versions.write_text(tool_version.read_text())
        env = {"PATH": "/usr/bin:/bin", "GITHUB_SHA": SHA, "GITHUB_REF_TYPE": ref_type, "GITHUB_REF_NAME": ref_name}
        result, outputs = workflow.run_step(step, "stamp", {}, env, [], work, work, 0)
        return result, outputs, target.read_text()


def check(release_yml, build_info, checks):
    original = build_info.read_text()
    tool_version = (build_info.parents[1] / "RespanCore" / "ToolVersion.swift").read_text()
    version = re.search(r'public static let current = "([^"]*)"', tool_version).group(1)
    result, outputs, stamped = run_stamp(release_yml, build_info, "branch", "main")
    expected = re.sub(r'static let commit = "[^"]*"', f'static let commit = "{SHA[:12]}"', original)
    checks.check("release.yml writes the commit into BuildInfo.swift and nothing else",
                 result.outcome == "success" and stamped == expected and stamped != original, result.output)
    checks.check("release.yml reports the version", outputs.get("version") == version, outputs)
    result, _, _ = run_stamp(release_yml, build_info, "tag", f"v{version}")
    checks.check("release.yml accepts the tag that names the version", result.outcome == "success", result.output)
    result, _, _ = run_stamp(release_yml, build_info, "tag", "v99.0.0")
    checks.check("release.yml refuses a tag that does not name the version",
                 result.outcome == "failure" and "does not match the version" in result.output, result.output)
