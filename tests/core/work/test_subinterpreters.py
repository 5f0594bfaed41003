"""Subinterpreters on a Python that has them: this one if 3.12+, else another one found here."""

import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.other_pythons import find_python
from cpuviz.core.work.subinterpreters import unavailable_reason

REPO = Path(__file__).resolve().parents[2]
# Two threads, each with an interpreter of its own, split the chunks of every workload; a
# thread's failure is handed to the main thread, so it shows in the exit status.
SERIAL_ANSWERS = """
import threading
from cpuviz.core.work.subinterpreters import SubinterpreterPool
from cpuviz.core.work.workloads import Workload, combine, serial_checksum
pool = SubinterpreterPool()
failures = []
for workload in Workload:
    partials = [0, 0]
    def work(worker):
        try:
            with pool.kernel(workload, 2000) as kernel:
                for chunk in range(worker, 10, 2):
                    partials[worker] = combine(partials[worker], kernel(chunk))
        except Exception as error:
            failures.append(error)
    threads = [threading.Thread(target=work, args=(worker,)) for worker in (0, 1)]
    [thread.start() for thread in threads]
    [thread.join() for thread in threads]
    if failures:
        raise failures[0]
    assert combine(*partials) == serial_checksum(10, 2000, workload), workload
    print("ok", workload)
"""
# A chunk that raises inside an interpreter (sha256 is seeded with the chunk index's bytes,
# and -1 has none): the error comes out, named, and fails the run.
ERROR_FROM_INSIDE = """
from cpuviz.core.work.subinterpreters import SubinterpreterPool
from cpuviz.core.work.workloads import Workload
with SubinterpreterPool().kernel(Workload.NATIVE, 10) as kernel:
    kernel(-1)
"""


def python_with_subinterpreters() -> str | None:
    if sys.version_info >= (3, 12):
        return sys.executable
    return find_python("3.13") or find_python("3.12")


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="this Python has subinterpreters")
def test_older_pythons_say_what_they_need():
    assert unavailable_reason() == "needs Python 3.12+ (one GIL per interpreter)"


def run_in(python: str, code: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [python, "-c", code],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(REPO)},
        timeout=120,
        check=False,
    )


@pytest.fixture
def python():
    found = python_with_subinterpreters()
    if found is None:
        pytest.skip("no Python 3.12+ on this machine")
    return found


def test_a_python_with_subinterpreters_has_nothing_to_say_against_them(python):
    asked = "from cpuviz.core.work.subinterpreters import unavailable_reason as r; print(r())"
    finished = run_in(python, asked)
    assert finished.returncode == 0, finished.stderr
    assert finished.stdout.strip() == "None"


def test_subinterpreters_give_the_serial_answer_for_every_workload(python):
    finished = run_in(python, SERIAL_ANSWERS)
    assert finished.returncode == 0, finished.stderr
    assert finished.stdout.split("\n")[:3] == ["ok cpu", "ok io", "ok native"]
    assert finished.stderr == ""


def test_an_error_inside_a_subinterpreter_comes_out_named(python):
    finished = run_in(python, ERROR_FROM_INSIDE)
    assert finished.returncode == 1
    last_line = finished.stderr.strip().splitlines()[-1]
    assert last_line.startswith("cpuviz.core.work.subinterpreters.SubinterpreterError: Overflow")
