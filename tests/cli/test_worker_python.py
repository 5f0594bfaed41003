"""--python and $CPUVIZ_WORKER_PYTHON: the workers on another Python, from the command line.

A Python that will not do is refused before anything starts, in one line, exit 2; one that
will runs the workers, and bench's JSON names it.
"""

from __future__ import annotations

import json
from itertools import pairwise

import pytest

from cpuviz.cli.arguments.gui_options import gui_options
from cpuviz.cli.main import checked_command_line
from cpuviz.core.recording.reader import load_recording
from cpuviz.core.runs.messages import Progress
from cpuviz.core.runs.plan import Mode
from cpuviz.core.runs.results import RunReport
from cpuviz.core.system.pythons import WORKER_PYTHON_VARIABLE
from tests.cli.conftest import cpuviz, cpuviz_env
from tests.other_pythons import any_path_of, other_python

# Run by the hosts: it fails anywhere but on 3.13, so a run that finishes ran it there.
ON_313 = """
import sys
import time

def where(chunk):
    assert sys.version_info[:2] == (3, 13), sys.version
    return sum(i * i for i in range(20_000)) + chunk

def burn(chunk):
    assert sys.version_info[:2] == (3, 13), sys.version
    started = time.thread_time()
    while time.thread_time() - started < 0.12:  # a CPU clock's worth, however loaded the machine
        pass
    return chunk
"""


def refusal(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """What the command line says as it exits 2, checked to be one line."""
    with pytest.raises(SystemExit) as exit_info:
        checked_command_line(argv)
    assert exit_info.value.code == 2
    said = capsys.readouterr().err
    assert said.count("\n") == 1
    return said


@pytest.mark.parametrize(
    "command", [[], ["bench"], ["snapshot", "out.png"], ["record", "out.jsonl"]]
)
@pytest.mark.parametrize(
    ("python", "complaint"),
    [
        ("/bin/false", "--python: /bin/false is not a Python (it exited 1, printing nothing)"),
        ("/etc/passwd", "--python: /etc/passwd is not a program (not executable)"),
        ("no-such-python3.99", "--python: no-such-python3.99 is not a file"),
    ],
)
def test_a_python_that_will_not_do_is_one_line_and_exit_2(command, python, complaint, capsys):
    assert complaint in refusal([*command, "--python", python], capsys)


def test_a_python_too_old_for_the_workers_says_so(capsys):
    old = any_path_of("3.8")
    assert f"--python: {old} is Python 3.8." in refusal(["bench", "--python", old], capsys)


def test_the_environment_names_the_python_when_the_flag_does_not(monkeypatch, capsys):
    monkeypatch.setenv(WORKER_PYTHON_VARIABLE, "/bin/false")
    said = refusal(["bench"], capsys)
    assert f"{WORKER_PYTHON_VARIABLE}: /bin/false is not a Python" in said
    said = refusal(["bench", "--python", "/etc/passwd"], capsys)  # the flag wins over it
    assert said.startswith("cpuviz bench: error: --python: /etc/passwd is not a program")


def test_a_mode_the_workers_python_has_is_not_refused_and_the_window_opens_with_it(capsys):
    """The window's 3.11 cannot run interpreters mode; with workers on 3.13 it can, and the
    options carry that Python, winning over a remembered one."""
    python = other_python("3.13")
    assert "cannot run --mode interpreters here" in refusal(["--mode", "interpreters"], capsys)
    command_line, files = checked_command_line(["--mode", "interpreters", "--python", python.path])
    options = gui_options(command_line, files)
    assert options.python == python
    assert "python" in options.explicit


def test_bench_runs_the_user_s_function_on_the_workers_python_and_names_it(tmp_path):
    """The function asserts it runs on 3.13: every mode finishing says the hosts ran there,
    and interpreters mode (which the window's 3.11 lacks) is run, not skipped."""
    python = other_python("3.13")
    work = tmp_path / "where.py"
    work.write_text(ON_313)
    finished = cpuviz(
        "bench", "--json", "--python", python.path, "--work", f"{work}:where", "--chunks", "4",
        "--modes", "serial,threads,processes,interpreters", "--workers", "2", "--repeat", "1",
        env=cpuviz_env(**{WORKER_PYTHON_VARIABLE: None}),
    )  # fmt: skip
    assert finished.returncode == 0, finished.stderr
    report = json.loads(finished.stdout)
    assert report["workers_python"] == python.as_json()
    assert report["python"] == python.version
    assert [run["mode"] for run in report["runs"]] == [
        "serial", "threads", "processes", "interpreters"
    ]  # fmt: skip
    assert report["skipped"] == []


def test_pythons_side_by_side_runs_the_built_in_threads_only(capsys):
    said = refusal(["bench", "--pythons", "/bin/false", "--python", "/bin/false"], capsys)
    assert "--pythons runs the built-in threads on each Python" in said
    assert "--pythons: /bin/false is not a Python" in refusal(
        ["bench", "--pythons", "/bin/false"], capsys
    )


def test_record_runs_interpreters_on_the_workers_python_and_the_recording_names_it(tmp_path):
    """The window's 3.11 has no interpreters mode; recorded with the workers on 3.13, both
    workers' CPU clocks grow, every run keeps its Python, and the header (the replay's runtime
    line) names both Pythons."""
    python = other_python("3.13")
    work, demo = tmp_path / "where.py", tmp_path / "demo.jsonl"
    work.write_text(ON_313)
    finished = cpuviz(
        "record", str(demo), "--python", python.path, "--mode", "interpreters",
        "--work", f"{work}:burn", "--chunks", "4", "--workers", "2",
        env=cpuviz_env(**{WORKER_PYTHON_VARIABLE: None}),
    )  # fmt: skip
    assert finished.returncode == 0, finished.stderr
    recording = load_recording(demo)
    assert f"workers {python.describe()}" in recording.header.runtime
    items = [entry.item for entry in recording.entries]
    reports = [item.result.plan for item in items if isinstance(item, RunReport)]
    assert [(plan.mode, plan.python) for plan in reports] == [
        (Mode.SERIAL, python.build),
        (Mode.INTERPRETERS, python.build),
    ]
    clocks: dict[int, list[float]] = {}
    for item in items:
        if isinstance(item, Progress) and item.run_id == reports[1].run_id:
            clocks.setdefault(item.worker, []).append(item.cpu_s)
    assert sorted(clocks) == [0, 1]
    assert all(len(cpu_s) >= 2 for cpu_s in clocks.values()), clocks
    assert all(later > earlier for cpu_s in clocks.values() for earlier, later in pairwise(cpu_s))
