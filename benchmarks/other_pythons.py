"""Find other Python versions on this machine, to show what newer runtimes offer.

The app runs on whatever Python installed it; subinterpreters need 3.12+. Developers often have
more versions side by side: on PATH as python3.13, or under pyenv (whose shims fail unless the
version is selected, so it is asked directly).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path


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
