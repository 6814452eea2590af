#!/usr/bin/env python3
"""Live progress in a real terminal: `status --wait` in tmux at 80 × 24 with 40 runs whose keys
are wider than the screen. Every frame must fit (no line wraps: `capture-pane -J` joins wrapped
lines, so a wrapped one comes back longer than 80), and the scrollback must hold one frame, not
stale copies left by cursor moves that missed.

    live_progress.py PATH/TO/respan-plan
"""
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time
import uuid

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "support"))
from checks import Checks  # noqa: E402

WIDTH, HEIGHT, RUNS = 80, 24, 40


def manifest():
    lines = ["version: 1", "datasets: { qa: { id: ds_support_qa_2024 } }",
             "evaluators: { quality: { id: eval_quality } }", "experiments:"]
    for index in range(RUNS):
        key = f"an-experiment-whose-key-is-wider-than-the-terminal-it-is-watched-in-{index}"
        lines.append(f"  {key}: {{ dataset: qa, evaluators: [quality], "
                     f"workflow: [{{ type: completion, config: {{ model: m{index} }} }}] }}")
    return "\n".join(lines) + "\n"


def main(binary):
    checks = Checks()
    tmux = shutil.which("tmux")
    if not checks.check("tmux is installed (.ci/run installs it)", tmux is not None):
        return checks.finish("live progress")
    work = pathlib.Path(tempfile.mkdtemp())
    socket = f"respan-plan-live-{uuid.uuid4().hex[:8]}"
    base = [tmux, "-L", socket, "-f", "/dev/null"]
    environment = dict(os.environ, TERM="xterm", SHELL="/bin/sh")
    try:
        (work / "experiments.yaml").write_text(manifest())
        applied = subprocess.run([binary, "apply", "--sandbox", "--auto-approve"], cwd=work,
                                 capture_output=True, text=True, timeout=300)
        checks.check("the runs are created", applied.returncode == 0, applied.stderr)
        command = (f"cd '{work}' && '{binary}' status --sandbox --wait --rate-limit 6000/min; "
                   "echo END-OF-WAIT; sleep 60")
        subprocess.run(base + ["new-session", "-d", "-s", "watch", "-x", str(WIDTH), "-y", str(HEIGHT), command],
                       env=environment, check=True, timeout=30)
        screen, deadline = "", time.monotonic() + 120
        while "END-OF-WAIT" not in screen and time.monotonic() < deadline:
            time.sleep(0.2)  # polling for a condition
            screen = subprocess.run(base + ["capture-pane", "-p", "-J", "-S", "-", "-t", "watch"], env=environment,
                                    capture_output=True, text=True, timeout=30).stdout
        lines = screen.split("\n")
        checks.check("the wait ends", "END-OF-WAIT" in screen, screen)
        checks.check(f"no line is wider than {WIDTH} columns", all(len(line) <= WIDTH for line in lines), screen)
        checks.check("one frame in the scrollback, no stale copies",
                     sum("elapsed" in line for line in lines) == 1, screen)
        checks.check("a frame taller than the screen counts the runs it leaves out", "more runs" in screen, screen)
    finally:
        subprocess.run(base + ["kill-server"], env=environment, capture_output=True)
        shutil.rmtree(work, ignore_errors=True)
    return checks.finish("live progress")


if __name__ == "__main__":
    sys.exit(main(os.path.abspath(sys.argv[1])))
