#!/usr/bin/env python3
"""Checks scripts/package's artifacts the way a user meets them, with the Swift toolchain hidden:
unpacks the archive (its .sha256 checked) and installs the wheel into a fresh virtual environment,
then runs `respan-plan --version` and the quickstart against the embedded sandbox with each, in a
private mount namespace where /opt/swift (or $SWIFT_TOOLCHAIN_DIR) is an empty folder
(`unshare -m`); checks that `ldd` lists no Swift library, no libyaml and nothing outside the
manylinux policy, and that the wheel's manylinux tag is the newest glibc symbol version the binary
needs.
Usage: check_package.py [DIST]   (default dist/); ends with 'package: N passed, M failed'.
"""
import glob
import hashlib
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "support"))
from checks import Checks  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
ARCHIVE = "respan-plan-linux-x86_64.tar.gz"
TOOLCHAIN = os.environ.get("SWIFT_TOOLCHAIN_DIR", "/opt/swift")
# What a manylinux wheel may link (PEP 600's policy; the rest must be linked in).
MANYLINUX_LIBRARIES = {"linux-vdso.so.1", "libc.so.6", "libm.so.6", "libstdc++.so.6", "libgcc_s.so.1",
                       "libpthread.so.0", "libdl.so.2", "librt.so.1", "libutil.so.1", "libresolv.so.2",
                       "ld-linux-x86-64.so.2"}
SWIFT_LIBRARY = re.compile(r"libswift|libFoundation|lib_FoundationICU|libdispatch|libBlocksRuntime|libXCTest"
                           + "|" + re.escape(TOOLCHAIN))




def run(command, **options):
    return subprocess.run(command, capture_output=True, text=True, **options)


def hidden(command, empty):
    """`command` in a private mount namespace where the toolchain folder is `empty`."""
    if not os.path.isdir(TOOLCHAIN):
        return command
    script = 'mount --bind "$1" "$2" && shift 2 && exec "$@"'
    return ["unshare", "-m", "sh", "-c", script, "sh", empty, TOOLCHAIN, *command]


def user_env():
    """The environment of someone without Swift: no toolchain on PATH."""
    path = [p for p in os.environ.get("PATH", "").split(os.pathsep) if p and not p.startswith(TOOLCHAIN)]
    return dict(os.environ, PATH=os.pathsep.join(path))


def glibc_floor(binary):
    symbols = run(["objdump", "-T", binary]).stdout
    versions = {tuple(int(n) for n in v.split(".")) for v in re.findall(r"GLIBC_([0-9]+\.[0-9]+(?:\.[0-9]+)?)", symbols)}
    return max(versions) if versions else None


def exercise(checks, label, binary, work, empty):
    env = user_env()
    toolchain_gone = run(hidden(["sh", "-c", f'ls -A "{TOOLCHAIN}" | wc -l'], empty), env=env)
    checks.check(f"{label}: {TOOLCHAIN} is empty where it runs",
                 not os.path.isdir(TOOLCHAIN) or toolchain_gone.stdout.strip() == "0",
                 toolchain_gone.stdout + toolchain_gone.stderr)
    version = run(hidden([binary, "--version"], empty), env=env)
    checks.check(f"{label}: --version runs without Swift ({version.stdout.strip()})",
                 version.returncode == 0 and re.match(r"\d+\.\d+\.\d+", version.stdout), version.stderr)
    quickstart = work / f"quickstart-{label}"
    shutil.copytree(ROOT / "examples/quickstart", quickstart,
                    ignore=shutil.ignore_patterns(".respan", "*.lock", "*.flock"))
    command = [binary, "apply", "--sandbox", "--auto-approve", "experiments.yaml"]
    started = time.monotonic()
    first = run(hidden(command, empty), env=env, cwd=quickstart)
    again = run(hidden(command, empty), env=env, cwd=quickstart)
    checks.check(f"{label}: the quickstart applies without Swift ({time.monotonic() - started:.1f} s for two applies)",
                 first.returncode == 0 and (quickstart / "experiments.lock").exists(), first.stdout + first.stderr)
    checks.check(f"{label}: a second apply has no changes", again.returncode == 0 and "No changes" in again.stdout,
                 again.stdout + again.stderr)
    libraries = run(["ldd", binary], env=env).stdout
    swift = [line.strip() for line in libraries.splitlines() if SWIFT_LIBRARY.search(line)]
    checks.check(f"{label}: ldd lists no Swift library", not swift, libraries)
    checks.check(f"{label}: ldd lists no libyaml (linked in)", "libyaml" not in libraries, libraries)
    names = {os.path.basename(line.split()[0]) for line in libraries.splitlines() if line.strip()}
    checks.check(f"{label}: ldd lists only libraries of the manylinux policy ({len(names)})",
                 names <= MANYLINUX_LIBRARIES, sorted(names - MANYLINUX_LIBRARIES))
    return libraries


def main():
    dist = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "dist").resolve()
    checks, started = Checks(), time.monotonic()
    wheels = sorted(glob.glob(str(dist / "respan_plan-*-py3-none-manylinux_*_x86_64.whl")))
    archive = dist / ARCHIVE
    if not checks.check(f"{dist} holds the archive, its .sha256 and one wheel",
                        archive.exists() and (dist / f"{ARCHIVE}.sha256").exists() and len(wheels) == 1,
                        sorted(os.listdir(dist)) if dist.exists() else "no such folder"):
        print(f"package: {checks.passed} passed, {checks.failed} failed")
        return 1
    wheel = pathlib.Path(wheels[0])
    recorded = (dist / f"{ARCHIVE}.sha256").read_text().split()
    checks.check("the .sha256 matches the archive",
                 recorded[:2] == [hashlib.sha256(archive.read_bytes()).hexdigest(), ARCHIVE], recorded)
    with tempfile.TemporaryDirectory() as temp:
        work = pathlib.Path(temp)
        empty = work / "empty"
        empty.mkdir()
        unpacked = work / "archive"
        unpacked.mkdir()
        untar = run(["tar", "-xzf", str(archive), "-C", str(unpacked)])
        binary = unpacked / "respan-plan"
        checks.check("the archive holds one executable, respan-plan",
                     untar.returncode == 0 and os.listdir(unpacked) == ["respan-plan"] and os.access(binary, os.X_OK),
                     untar.stderr)
        venv = work / "venv"
        install = run([sys.executable, "-m", "venv", str(venv)])
        if install.returncode == 0:
            install = run([str(venv / "bin/python"), "-m", "pip", "install", "--quiet", "--no-index",
                           "--disable-pip-version-check", str(wheel)])
        command = venv / "bin/respan-plan"
        checks.check(f"pip installs {wheel.name} as a `respan-plan` command",
                     install.returncode == 0 and os.access(command, os.X_OK), install.stdout + install.stderr)
        checks.check("the wheel's command is the archive's binary",
                     command.exists() and command.read_bytes() == binary.read_bytes())
        if os.path.isdir(TOOLCHAIN) and not checks.check("unshare -m can hide the toolchain",
                                                         run(hidden(["true"], str(empty))).returncode == 0):
            print(f"package: {checks.passed} passed, {checks.failed} failed")
            return 1
        exercise(checks, "archive", str(binary), work, str(empty))
        if command.exists():
            exercise(checks, "wheel", str(command), work, str(empty))
        floor = glibc_floor(str(binary))
        tag = re.search(r"manylinux_(\d+)_(\d+)_x86_64", wheel.name)
        checks.check(f"the wheel's tag {tag.group(0)} is the binary's glibc floor "
                     f"({'.'.join(map(str, floor or ()))})", floor is not None and floor[:2] == (int(tag.group(1)), int(tag.group(2))))
    sizes = ", ".join(f"{p.name} {p.stat().st_size / 1e6:.1f} MB" for p in (archive, wheel))
    print(f"artifacts: {sizes}; unpacked binary {binary_size(archive)}; checked in {time.monotonic() - started:.0f} s")
    print(f"package: {checks.passed} passed, {checks.failed} failed")
    return 1 if checks.failed else 0


def binary_size(archive):
    listing = run(["tar", "-tvzf", str(archive)]).stdout.split()
    return f"{int(listing[2]) / 1e6:.1f} MB" if len(listing) > 2 else "unknown"


if __name__ == "__main__":
    sys.exit(main())
