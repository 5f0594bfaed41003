"""Other Python versions on this machine: finding them, and the workers on one of them.

The app runs on whatever Python installed it; subinterpreters need 3.12+. Developers often have
more versions side by side: on PATH as python3.13, or under pyenv (whose shims fail unless the
version is selected, so it is asked directly). `find_python` gives one to run cpuviz itself on.

Run as a benchmark (`python -m benchmarks.other_pythons`), it measures what issue 31 promised:
the window's Python (3.11 here) keeps the window, the workers run on another 3.12+ Python (3.13
preferred), found and probed as the window's picker finds them, and interpreters mode on those
workers runs against a serial baseline on the same Python, beside processes in the same run.
No such Python here: the key is skipped, saying why.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from benchmarks.measurement import Measurement, emit, log
from cpuviz.core.system.pythons import (
    WORKER_PYTHON_VARIABLE,
    FoundPython,
    ProbeCache,
    PythonInfo,
    find_pythons,
)

REPO = Path(__file__).resolve().parents[1]
# The workers' Python this figure is about when there is one; any other 3.12+ will do.
PREFERRED = "3.13"
OLDEST_WITH_OWN_GIL = (3, 12)
BENCH_TIMEOUT_S = 240


def find_python(version: str) -> str | None:
    """A working interpreter for `version` (e.g. '3.13'), or None."""
    candidates = [shutil.which(f"python{version}")]
    pyenv = shutil.which("pyenv")
    if pyenv:
        latest = _output([pyenv, "latest", version])
        prefix = _output([pyenv, "prefix", latest]) if latest else None
        candidates.append(str(Path(prefix) / "bin" / "python3") if prefix else None)
    for candidate in candidates:
        if candidate and _output([candidate, "-c", "import sys; print(sys.version)"]):
            return candidate
    return None


def _output(command: list[str]) -> str | None:
    try:
        finished = subprocess.run(command, capture_output=True, text=True, timeout=30, check=False)
    except OSError:
        return None
    return finished.stdout.strip() if finished.returncode == 0 else None


def workers_python(found: list[FoundPython]) -> PythonInfo | None:
    """Another Python than this one with subinterpreters of their own GIL: 3.13 if found."""
    here = os.path.realpath(sys.executable)
    usable = [
        python.info
        for python in found
        if python.info is not None
        and os.path.realpath(python.path) != here
        and python.info.subinterpreters_missing is None
        and _minor(python.info) >= OLDEST_WITH_OWN_GIL
        and python.info.gil_enabled  # interpreters against a free-threaded serial says little
    ]
    preferred = [python for python in usable if python.build.short_name == PREFERRED]
    return (preferred or sorted(usable, key=_minor, reverse=True) or [None])[0]


def _minor(python: PythonInfo) -> tuple[int, int]:
    major, minor = python.version.split(".")[:2]
    return int(major), int(minor)


def main() -> None:
    python = workers_python(find_pythons(ProbeCache(None)))
    if python is None:
        log(
            "other_pythons: skipped speedup_interpreters_other_python: no Python 3.12+ with "
            "subinterpreters other than the window's was found (PATH, pyenv, uv)"
        )
        return
    log(f"other_pythons: interpreters with the workers on {python.describe()} ({python.path})")
    environment = {**os.environ, "PYTHONPATH": str(REPO)}
    environment.pop(WORKER_PYTHON_VARIABLE, None)
    finished = subprocess.run(
        [
            sys.executable, "-m", "cpuviz", "bench", "--json", "--python", python.path,
            "--modes", "interpreters,processes", "--workers", "2", "--size", "small",
            "--repeat", "3",
        ],
        capture_output=True, text=True, check=True, cwd=REPO, env=environment,
        timeout=BENCH_TIMEOUT_S,
    )  # fmt: skip
    report = json.loads(finished.stdout)
    speedups = {run["mode"]: run["speedup"] for run in report["runs"]}
    window = ".".join(map(str, sys.version_info[:3]))
    emit(
        [
            Measurement(
                "speedup_interpreters_other_python",
                speedups["interpreters"],
                anchor=speedups["processes"],
                anchor_label="cpu in processes mode on the same workers' Python, same run",
                note=f"window Python {window}, workers {python.describe()} ({python.path})",
            )
        ]
    )


if __name__ == "__main__":
    main()
