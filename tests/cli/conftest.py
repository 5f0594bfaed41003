"""Run `python -m cpuviz …` as a user would, in a child process with a clean environment."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def cpuviz_env(**overrides: str | None) -> dict[str, str]:
    """The current environment with `overrides` applied; None removes a variable."""
    env = dict(os.environ)
    for name, value in overrides.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def start_cpuviz(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    """`python -m cpuviz ARGS` started and left running, its output piped, as text."""
    return subprocess.Popen(
        [sys.executable, "-m", "cpuviz", *args],
        cwd=PROJECT_ROOT,
        env=env or cpuviz_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def cpuviz(
    *args: str, env: dict[str, str] | None = None, timeout_s: float = 90.0
) -> subprocess.CompletedProcess:
    """`python -m cpuviz ARGS` run to its end, its output captured as text."""
    return subprocess.run(
        [sys.executable, "-m", "cpuviz", *args],
        cwd=PROJECT_ROOT,
        env=env or cpuviz_env(),
        capture_output=True,
        text=True,
        timeout=timeout_s,
        check=False,
    )


@pytest.fixture
def run_cpuviz():
    """run_cpuviz(*args, env=None, timeout_s=…) -> CompletedProcess with text output."""
    return cpuviz
