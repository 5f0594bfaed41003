"""The other Pythons on this machine that tests run workers on, found as the app finds them.

pyenv's 3.12 and 3.13 are on the development machine, not on a user's: a test that needs one
asks for it here and is skipped, with the reason, where it is absent.
"""

from __future__ import annotations

import functools
import re
import sys
from pathlib import Path

import pytest

from cpuviz.core.system.pythons import PythonInfo, candidates, probe


@functools.cache
def _found() -> dict[str, str]:
    """minor version ("3.13") → the first candidate path that names it, the window's aside."""
    found: dict[str, str] = {}
    for path in candidates()[1:]:
        if named := re.search(r"python(3\.\d+)$", path):
            found.setdefault(named.group(1), path)
    return found


def other_python(version: str) -> PythonInfo:
    """A probed Python `version` other than the one running the tests, or skip saying why."""
    if f"{sys.version_info.major}.{sys.version_info.minor}" == version:
        pytest.skip(f"the tests run on {version}: this needs another Python")
    path = _found().get(version)
    if path is None:
        pytest.skip(f"no Python {version} on this machine (PATH, pyenv, uv)")
    return probe(path)


def any_path_of(version: str) -> str:
    """The path of a Python `version` whether or not workers can run on it (e.g. 3.8)."""
    path = _found().get(version)
    if path is None:
        pytest.skip(f"no Python {version} on this machine (PATH, pyenv, uv)")
    return path


def script(folder: Path, name: str, body: str) -> str:
    """An executable shell script: a stand-in for a broken "Python" a user might pick."""
    path = folder / name
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(0o755)
    return str(path)
