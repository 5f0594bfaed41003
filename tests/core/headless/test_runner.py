"""Real worker processes, a real Manager queue: the path `cpuviz bench` takes."""

import itertools

import psutil
import pytest

from cpuviz.core.headless.runner import RunFailedError, run_to_completion
from cpuviz.core.processes.pool import WorkerPool
from cpuviz.core.runs.availability import unavailable
from cpuviz.core.runs.messages import Fault
from cpuviz.core.runs.plan import (
    ITERATIONS_PER_CHUNK,
    Mode,
    RunPlan,
    WorkSize,
    same_work,
    timed_work,
)
from cpuviz.core.runs.runtime import detect_runtime
from cpuviz.core.work.workloads import Workload, io_wait_s, serial_checksum
from tests.conftest import TINY

RUN_IDS = itertools.count(1000)
# About half a second of CPU work: every worker gets several chunks.
SHORT = WorkSize("short", chunks=30, iterations_per_chunk=100_000)


@pytest.fixture(scope="module")
def pool():
    pool = WorkerPool()
    pool.ensure_hosts(3)
    pool.wait_ready()
    yield pool
    pool.shutdown()


RUNTIME = detect_runtime()
# Cluster mode has tests of its own with a real Dask cluster (tests/cluster).
EVERY_RUN = [(workload, mode) for workload in Workload for mode in Mode if mode is not Mode.CLUSTER]


@pytest.mark.parametrize(("workload", "mode"), EVERY_RUN, ids=str)
def test_every_mode_and_workload_computes_exactly_the_serial_answer(pool, workload, mode):
    """A mode this Python cannot run is skipped with the reason the window gives, not dropped."""
    if (why_not := unavailable(mode, workload, RUNTIME)) is not None:
        pytest.skip(f"{mode.title} · {workload}: {why_not.reason}")
    plan = RunPlan(mode, 3, TINY, run_id=next(RUN_IDS), workload=workload)
    result = run_to_completion(pool, plan)
    assert result.checksum == serial_checksum(TINY.chunks, TINY.iterations_per_chunk, workload)
    assert result.chunks_done == TINY.chunks
    assert result.elapsed_s > 0
    assert 0 <= result.busy_cores <= psutil.cpu_count()  # a share of this machine, by psutil


def cpu_s(pid):
    """A process's CPU time, its finished threads' included (they are gone from its task list)."""
    times = psutil.Process(pid).cpu_times()
    return times.user + times.system


@pytest.mark.parametrize(("mode", "working_hosts"), [(Mode.THREADS, 1), (Mode.PROCESSES, 3)])
def test_threads_run_in_one_child_and_processes_in_many(pool, mode, working_hosts):
    """Counted by who did the work: the hosts whose CPU time grew during the run. Thread
    mode must never run in our own process (it would stall the window): ours gains far less
    CPU time than the hosts do, by CPU clocks rather than by how long it took."""
    hosts = pool.host_pids()
    before = {pid: cpu_s(pid) for pid in hosts}
    ours_before = cpu_s(psutil.Process().pid)
    result = run_to_completion(pool, RunPlan(mode, 3, SHORT, run_id=next(RUN_IDS)))
    ours_s = cpu_s(psutil.Process().pid) - ours_before
    assert result.chunks_done == SHORT.chunks
    gained = {pid: cpu_s(pid) - before[pid] for pid in hosts}
    worked = [pid for pid, seconds in gained.items() if seconds >= 0.05]  # an idle host: 0
    assert len(worked) == working_hosts
    assert ours_s < sum(gained.values()) / 4


def test_a_raising_worker_fails_the_run_and_the_pool_stays_usable(pool):
    with pytest.raises(RunFailedError, match="worker 0 failed: InjectedFaultError"):
        run_to_completion(pool, RunPlan(Mode.PROCESSES, 3, TINY, run_id=101), Fault.RAISE)
    result = run_to_completion(pool, RunPlan(Mode.PROCESSES, 3, TINY, run_id=102))
    assert result.checksum == serial_checksum(TINY.chunks, TINY.iterations_per_chunk)


def test_a_killed_worker_is_detected_and_replaced(pool):
    pids_before = set(pool.host_pids())
    with pytest.raises(RunFailedError, match=r"worker 0 \(pid \d+\) died: killed by signal 9"):
        run_to_completion(pool, RunPlan(Mode.PROCESSES, 3, TINY, run_id=103), Fault.KILL9)
    assert set(pool.host_pids()) != pids_before
    pool.wait_ready()
    result = run_to_completion(pool, RunPlan(Mode.THREADS, 3, TINY, run_id=104))
    assert result.checksum == serial_checksum(TINY.chunks, TINY.iterations_per_chunk)


def test_shutdown_leaves_no_process_behind(no_leaked_processes):
    pool = WorkerPool()
    pool.ensure_hosts(2)
    pool.wait_ready()
    run_to_completion(pool, RunPlan(Mode.PROCESSES, 2, TINY, run_id=1))
    pool.shutdown()


@pytest.mark.parametrize("mode", [Mode.THREADS, Mode.PROCESSES])
def test_a_timed_run_keeps_every_worker_going_until_its_time_is_up(pool, mode):
    """Each worker stops at the deadline, not when a count of chunks runs out."""
    timed = timed_work(1.0)
    plan = RunPlan(mode, 2, timed, run_id=next(RUN_IDS))
    result = run_to_completion(pool, plan)
    assert result.elapsed_s >= 1.0  # no worker gave up before its time
    assert result.elapsed_s < 1.0 + 30.0  # only a hang: the last chunk in hand is finished
    assert TINY.chunks < result.chunks_done < timed.chunks  # past the fixed count, yet bounded
    assert not result.cancelled


def test_same_work_is_counted_in_chunks_by_host_0s_probe_of_this_machine(pool):
    """Host 0 times a chunk of each workload before it reports ready; "≈ 0.5 s of serial
    work" is then that many chunks, the same in every mode."""
    probe_s = pool.serial_chunk_s
    assert set(probe_s) == set(Workload) and all(seconds > 0 for seconds in probe_s.values())
    assert probe_s[Workload.IO] >= io_wait_s(ITERATIONS_PER_CHUNK)  # it waits, then parses
    size = pool.made_concrete(RunPlan(Mode.SERIAL, 1, same_work(0.5))).size
    assert size.chunks == round(0.5 / probe_s[Workload.CPU])
    for mode in (Mode.SERIAL, Mode.PROCESSES):
        result = run_to_completion(pool, RunPlan(mode, 3, size, run_id=next(RUN_IDS)))
        assert result.chunks_done == size.chunks
        assert result.checksum == serial_checksum(size.chunks, size.iterations_per_chunk)
