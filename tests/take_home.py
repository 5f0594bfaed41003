"""Running a take-home script as a student would: `python -I FILE` in its own folder."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

# Far beyond the few seconds a test's small work takes, even on a loaded machine: only a hang.
RUN_TIMEOUT_S = 120


def run_take_home(path: Path, *arguments: str, python: str = sys.executable) -> list[str]:
    """The lines the script printed when `python` ran it; its folder is the working
    directory, no cpuviz on the path (-I), and it must exit 0."""
    finished = subprocess.run(
        [python, "-I", str(path), *arguments],
        cwd=path.parent,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_S,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr
    return finished.stdout.splitlines()
