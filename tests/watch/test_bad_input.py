"""What cannot be watched is one line and exit 2, before anything runs."""

from __future__ import annotations

import subprocess
from pathlib import Path

import psutil
import pytest

from tests.watch.watching import HANG_S, cpuviz_run


def refused(*arguments: str) -> str:
    done = subprocess.run(
        cpuviz_run(*arguments), capture_output=True, text=True, timeout=HANG_S, check=False
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.splitlines()) == 1, done.stderr
    return done.stderr


def test_a_command_not_found():
    assert "no-such-program-here: command not found" in refused(
        "--json", "--", "no-such-program-here", "--flag"
    )


def test_a_file_that_is_not_executable(tmp_path: Path):
    script = tmp_path / "script.sh"
    script.write_text("echo hi\n")
    assert "not executable" in refused("--json", "--", str(script))


def test_attaching_to_a_pid_that_is_not_running():
    dead = subprocess.Popen(["true"])
    dead.wait()
    assert f"no process {dead.pid} is running" in refused("--json", "--attach", str(dead.pid))


def test_attaching_to_a_process_cpuviz_may_not_read():
    """PID 1 belongs to the system: here even root may not read its threads' system calls."""
    try:
        Path("/proc/1/task/1/syscall").read_bytes()
        psutil.Process(1).threads()
    except (PermissionError, psutil.AccessDenied):
        assert "may not read" in refused("--json", "--attach", "1")
    else:
        pytest.skip("this machine lets cpuviz read PID 1")


def test_no_program_at_all():
    assert "no program" in refused("--json")


def test_a_recording_that_cannot_be_written_starts_nothing(tmp_path: Path):
    out = tmp_path / "no-such-folder" / "run.jsonl"
    assert "run.jsonl" in refused("--record", str(out), "--", "no-such-program-here")
    assert not out.exists()


def test_a_recording_of_a_command_not_found_is_not_left_behind(tmp_path: Path):
    out = tmp_path / "run.jsonl"
    assert "command not found" in refused("--record", str(out), "--", "no-such-program-here")
    assert not out.exists()
