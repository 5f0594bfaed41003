"""Running `cpuviz run --json` on a test program, as a user would, and reading what it said."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

PROGRAMS = Path(__file__).parent / "programs"
# A hang, not a slow run: the longest program needs about 3 s of CPU.
HANG_S = 60


@dataclass(frozen=True)
class Watched:
    """What `cpuviz run --json` printed and how it exited."""

    report: dict
    stderr: str
    returncode: int

    def os_busy_cores(self) -> float:
        """The program's own account of its tree (user + sys, reaped children included) ÷
        the watch's elapsed time: what the watch must agree with."""
        found = re.findall(r"tree cpu_s ([\d.]+)", self.stderr)
        assert found, f"the program did not say its CPU time: {self.stderr!r}"
        return float(found[-1]) / self.report["elapsed_s"]

    def children(self) -> list[dict]:
        root = self.report["processes"][0]["pid"]
        return [row for row in self.report["processes"] if row["pid"] != root]


def cpuviz_run(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "cpuviz", "run", *arguments]


def program_command(program: str, *arguments: str) -> list[str]:
    return [sys.executable, str(PROGRAMS / program), *arguments]


def watch(program: str, *arguments: str) -> Watched:
    """Run `program` (in tests/watch/programs) under `cpuviz run --json` to its end."""
    done = subprocess.run(
        cpuviz_run("--json", "--", *program_command(program, *arguments)),
        capture_output=True,
        text=True,
        timeout=HANG_S,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return Watched(json.loads(done.stdout.splitlines()[-1]), done.stderr, done.returncode)


def running(program: str) -> list[psutil.Process]:
    """Processes still running `program` (found by their command line, not by cpuviz)."""
    path = str(PROGRAMS / program)
    left = []
    for process in psutil.process_iter():
        try:
            if path in process.cmdline() and process.status() != psutil.STATUS_ZOMBIE:
                left.append(process)
        except psutil.Error:
            continue
    return left


def wait_until_watching(cpuviz_pid: int, program_pid: int) -> None:
    """Until cpuviz reads the program's clocks (holds its stat open): a Ctrl+C before that
    would land in Python's start-up, not in the watch. No signal says so, hence the polling."""
    stat = f"/proc/{program_pid}/stat"
    deadline_s = time.monotonic() + HANG_S
    while time.monotonic() < deadline_s:
        if any(file.path == stat for file in psutil.Process(cpuviz_pid).open_files()):
            return
        time.sleep(0.05)
    raise AssertionError(f"cpuviz never read process {program_pid}")
