"""Ctrl+C ends a started program's whole tree, even one that ignores SIGTERM; an attached
program is only left, never ended."""

from __future__ import annotations

import contextlib
import json
import signal
import subprocess
import sys

import psutil

from tests.watch.watching import (
    HANG_S,
    cpuviz_run,
    program_command,
    running,
    wait_until_watching,
)


def started_under_watch(*arguments: str) -> subprocess.Popen:
    return subprocess.Popen(
        cpuviz_run(*arguments), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def test_ctrl_c_ends_a_program_that_ignores_sigterm_and_its_child():
    cpuviz = started_under_watch("--json", "--", *program_command("ignores_sigterm.py"))
    try:
        assert cpuviz.stdout.readline().strip() == "ignoring SIGTERM"  # passed through as it ran
        cpuviz.send_signal(signal.SIGINT)
        out, _ = cpuviz.communicate(timeout=HANG_S)
    finally:  # a failure here must not leave its processes to the rest of the suite
        cpuviz.kill()
        for process in running("ignores_sigterm.py"):
            with contextlib.suppress(psutil.Error):
                process.kill()
    report = json.loads(out.splitlines()[-1])
    assert cpuviz.returncode == 0
    assert report["stopped"] is True
    assert report["exit_code"] == -signal.SIGKILL  # SIGTERM was ignored: SIGKILL after 2 s
    assert running("ignores_sigterm.py") == []


def test_an_attached_program_is_left_running_when_the_watch_stops():
    program = subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(600)"], stdout=subprocess.DEVNULL
    )
    try:
        cpuviz = started_under_watch("--json", "--attach", str(program.pid))
        wait_until_watching(cpuviz.pid, program.pid)
        cpuviz.send_signal(signal.SIGINT)
        out, _ = cpuviz.communicate(timeout=HANG_S)
        report = json.loads(out.splitlines()[-1])
        assert report["started"] is False and report["stopped"] is True
        assert report["exit_code"] is None
        assert program.poll() is None, "cpuviz ended a program it only watched"
    finally:
        program.kill()
        program.wait()
