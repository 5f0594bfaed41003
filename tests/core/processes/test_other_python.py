"""Worker hosts on another Python than the one running the tests (pyenv's 3.13 where this
machine has it): real processes, the real Manager queue, real subinterpreters."""

from __future__ import annotations

import itertools
import os
import sys
import time
import warnings

import psutil
import pytest

from cpuviz.core.headless.runner import RunFailedError, run_to_completion
from cpuviz.core.processes.pool import HostStartError, WorkerPool
from cpuviz.core.processes.worker import GIL_BACK_ON, watching_the_gil
from cpuviz.core.runs.messages import WorkerFailed, WorkerFinished
from cpuviz.core.runs.plan import Mode, RunPlan, WorkSize, chunks_of_code
from cpuviz.core.system.pythons import probe
from cpuviz.core.work.user_code import UserCode
from cpuviz.core.work.workloads import Workload, serial_checksum
from tests.conftest import TINY
from tests.other_pythons import other_python, script

RUN_IDS = itertools.count(3000)
# Several chunks per worker, ~0.5 s of CPU work serially.
SHORT = WorkSize("short", chunks=24, iterations_per_chunk=100_000)
# Only catches a hang: a SHORT run takes ~1 s even with the other core busy.
HANG_S = 60.0
# Run in the hosts: fails unless it runs on the workers' Python with none of the window's
# packages (the window's site-packages, psutil) on its path or in its modules.
WHERE_IT_RUNS = """
import sys

def where(chunk):
    assert sys.version_info[:2] == {version!r}, sys.version
    assert not any(entry.startswith({window_prefix!r}) for entry in sys.path), sys.path
    assert "psutil" not in sys.modules
    return chunk
"""


@pytest.fixture(scope="module")
def python313():
    return other_python("3.13")


@pytest.fixture(scope="module")
def pool(python313):
    pool = WorkerPool(python313)
    pool.ensure_hosts(2)
    pool.wait_ready(timeout_s=HANG_S)
    yield pool
    pool.shutdown()


def exe(pid: int) -> str:
    return os.path.realpath(psutil.Process(pid).exe())


def test_only_the_hosts_run_on_the_chosen_python(pool, python313):
    """The Manager and the results collector stay on the window's Python (they share its
    state); the hosts are the chosen one's processes."""
    assert {exe(pid) for pid in pool.host_pids()} == {os.path.realpath(python313.path)}
    hosts = set(pool.host_pids())
    # An earlier test's child not yet reaped is no helper of this pool's: left out.
    helpers = {
        child
        for child in psutil.Process().children()
        if child.pid not in hosts and child.status() != psutil.STATUS_ZOMBIE
    }
    assert helpers
    assert {exe(helper.pid) for helper in helpers} == {os.path.realpath(sys.executable)}


def test_interpreters_run_on_the_workers_python_every_worker_on_its_own_clock(pool):
    """The window's 3.11 has no subinterpreters; on 3.13 hosts each worker's CPU clock grows
    and the answer is serial's."""
    plan = RunPlan(Mode.INTERPRETERS, 2, SHORT, run_id=next(RUN_IDS))
    pool.dispatch(plan)
    finished: dict[int, WorkerFinished] = {}
    deadline_s = time.monotonic() + HANG_S
    while len(finished) < 2 and time.monotonic() < deadline_s:
        match pool.events.get(timeout=HANG_S):
            case WorkerFinished(run_id=plan.run_id) as done:
                finished[done.worker] = done
            case WorkerFailed(run_id=plan.run_id, failure=failure):
                pytest.fail(failure)
    pool.run_ended()
    assert sorted(finished) == [0, 1]
    assert all(done.cpu_s > 0 and done.chunks_done > 0 for done in finished.values())


@pytest.mark.parametrize("mode", [Mode.THREADS, Mode.PROCESSES, Mode.INTERPRETERS])
def test_every_mode_on_the_workers_python_computes_the_serial_answer(pool, mode):
    """Results and messages cross between 3.13 and the window's Python intact."""
    plan = RunPlan(mode, 2, TINY, run_id=next(RUN_IDS), workload=Workload.DATA)
    result = run_to_completion(pool, plan)
    assert result.checksum == serial_checksum(TINY.chunks, TINY.iterations_per_chunk, Workload.DATA)


def test_a_user_s_function_runs_on_the_workers_python(pool, python313, tmp_path):
    """The same file fails on the window's Python (its asserts mean something) and runs on
    the hosts: 3.13, without the window's packages."""
    version = tuple(int(part) for part in python313.version.split(".")[:2])
    work = tmp_path / "where.py"
    work.write_text(WHERE_IT_RUNS.format(version=version, window_prefix=sys.prefix))
    code = UserCode(str(work), "where")
    pool.load_code(code)  # as the window and bench do: every host imports it ahead
    pool.wait_ready(timeout_s=HANG_S)
    for mode in (Mode.THREADS, Mode.PROCESSES):
        plan = RunPlan(mode, 2, chunks_of_code(6), run_id=next(RUN_IDS), code=code)
        assert run_to_completion(pool, plan).chunks_done == 6

    window_pool = WorkerPool()
    try:
        window_pool.load_code(code)
        plan = RunPlan(Mode.THREADS, 1, chunks_of_code(2), run_id=next(RUN_IDS), code=code)
        with pytest.raises(RunFailedError, match="AssertionError"):
            run_to_completion(window_pool, plan)
    finally:
        window_pool.shutdown()


def test_free_threaded_runs_only_where_the_worker_finds_the_gil_off(pool):
    """Dispatched past the availability check: a 3.13 worker with a GIL asks its own
    interpreter (sys._is_gil_enabled and the build's Py_GIL_DISABLED) and refuses, saying so."""
    plan = RunPlan(Mode.FREE_THREADED, 2, TINY, run_id=next(RUN_IDS))
    with pytest.raises(RunFailedError, match="not a free-threaded build: it has a GIL"):
        run_to_completion(pool, plan)


def test_the_warning_that_an_import_turned_the_gil_on_is_kept_word_for_word():
    """CPython's own sentence when an extension without Py_mod_gil is imported on a
    free-threaded build (not available here, so warned as it would be)."""
    said = (
        f"{GIL_BACK_ON} to load module 'legacy_ext', which has not declared that it can run "
        "safely without the GIL."
    )
    assert watching_the_gil(lambda: warnings.warn(said, RuntimeWarning, stacklevel=1)) == said
    assert watching_the_gil(lambda: None) is None


def test_a_python_that_answers_the_probe_but_dies_as_a_worker_is_said_at_once(tmp_path):
    """Not a wait for the deadline: the host's exit is the answer, with where and how."""
    python = other_python("3.13")
    dies = script(
        tmp_path,
        "python3.13",
        f'case "$*" in *--multiprocessing-fork*) exit 3;; esac; exec {python.path} "$@"',
    )
    pool = WorkerPool(probe(dies))
    try:
        pool.ensure_hosts(1)
        with pytest.raises(HostStartError, match=f"on {dies} exited as it started .exit status 3"):
            pool.wait_ready(timeout_s=HANG_S)
    finally:
        pool.shutdown()
