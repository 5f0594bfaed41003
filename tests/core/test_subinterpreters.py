"""Subinterpreters on a Python that has them: this one if 3.12+, else another one found here."""

import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.other_pythons import find_python
from cpuviz.core.subinterpreters import unavailable_reason

REPO = Path(__file__).resolve().parents[2]
# Two threads, each with an interpreter of its own, split the chunks; then one is reused.
CHECK = """
import threading
from cpuviz.core.subinterpreters import SubinterpreterPool
from cpuviz.core.workloads import Workload, combine, serial_checksum
pool = SubinterpreterPool()
for workload in Workload:
    partials = [0, 0]
    def work(worker):
        with pool.kernel(workload, 2000) as kernel:
            for chunk in range(worker, 10, 2):
                partials[worker] = combine(partials[worker], kernel(chunk))
    threads = [threading.Thread(target=work, args=(worker,)) for worker in (0, 1)]
    [thread.start() for thread in threads]
    [thread.join() for thread in threads]
    assert combine(*partials) == serial_checksum(10, 2000, workload), workload
with pool.kernel(Workload.CPU, 10) as kernel:
    kernel("not a chunk")
"""


def python_with_subinterpreters() -> str | None:
    if sys.version_info >= (3, 12):
        return sys.executable
    return find_python("3.13") or find_python("3.12")


def test_older_pythons_say_what_they_need():
    if sys.version_info < (3, 12):
        assert unavailable_reason() == "needs Python 3.12+ (one GIL per interpreter)"


def test_subinterpreters_give_the_serial_answer_and_report_errors_from_inside():
    python = python_with_subinterpreters()
    if python is None:
        pytest.skip("no Python 3.12+ on this machine")
    finished = subprocess.run(
        [python, "-c", CHECK],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(REPO)},
        timeout=120,
        check=False,
    )
    # Every workload matched serial; then the bad chunk's error came out of the interpreter.
    assert "SubinterpreterError" in finished.stderr, finished.stderr
    assert "not a chunk" in finished.stderr or "TypeError" in finished.stderr
