"""Cluster mode with real Dask processes: the chunks as tasks, the same results as serially,
the machines named, a killed worker's tasks run again elsewhere, and nothing left behind."""

import itertools
import time

import psutil
import pytest

from cpuviz.core.headless.runner import RunFailedError, run_to_completion
from cpuviz.core.processes.pool import WorkerPool
from cpuviz.core.runs.cluster_target import ClusterTarget
from cpuviz.core.runs.plan import Mode, RunPlan, WorkSize, timed_work
from cpuviz.core.work.workloads import Workload, serial_checksum
from tests.cluster.conftest import START_TIMEOUT_S, WORKER_NAMES

RUN_IDS = itertools.count(1)
# Long enough for every worker to take several tasks, short enough for the suite (≈ 0.5 s).
SHORT = WorkSize("short", chunks=60, iterations_per_chunk=80_000)


def test_the_apps_own_cluster_computes_what_serial_does(local_pool):
    result = run_to_completion(local_pool, RunPlan(Mode.CLUSTER, 2, SHORT, next(RUN_IDS)))
    assert result.chunks_done == SHORT.chunks
    assert result.checksum == serial_checksum(SHORT.chunks, SHORT.iterations_per_chunk)
    assert result.plan.worker_count == 2  # a lane for each of the cluster's worker threads
    (host,) = result.hosts
    assert host.this_machine and host.workers == 2 and host.cores == psutil.cpu_count()


def test_every_workload_runs_on_the_cluster(local_pool):
    size = WorkSize("a few", chunks=8, iterations_per_chunk=80_000)
    for workload in Workload:
        plan = RunPlan(Mode.CLUSTER, 2, size, next(RUN_IDS), workload)
        result = run_to_completion(local_pool, plan)
        assert result.checksum == serial_checksum(size.chunks, size.iterations_per_chunk, workload)


def test_a_timed_cluster_run_lasts_its_time_and_counts_what_was_done(local_pool):
    result = run_to_completion(local_pool, RunPlan(Mode.CLUSTER, 2, timed_work(1.0), next(RUN_IDS)))
    assert 1.0 <= result.elapsed_s < 1.6  # the tasks out at the end finish and count
    assert result.chunks_done > 0 and not result.cancelled


def test_the_apps_own_cluster_listens_on_loopback_only(local_pool):
    """(That closing the window leaves none of its processes: test_cluster_window.py.)"""
    processes = [psutil.Process(pid) for pid in local_pool.child_pids()]
    hosts = local_pool.host_pids()
    assert len([process for process in processes if process.pid not in hosts]) >= 3
    listening = [
        connection.laddr.ip
        for process in processes
        for connection in process.net_connections(kind="inet")
        if connection.status == psutil.CONN_LISTEN
    ]
    assert listening and set(listening) == {"127.0.0.1"}


@pytest.mark.slow
def test_a_running_cluster_of_named_workers_is_used_as_it_is(lab):
    cluster, pool = lab
    view = _wait_for_workers(pool, 2)
    assert not view.embedded
    assert sorted(worker.name for worker in view.workers) == list(WORKER_NAMES)
    assert view.describe().endswith("2 workers, 1 host")
    plan = RunPlan(Mode.CLUSTER, 7, SHORT, next(RUN_IDS))  # 7 workers asked: it has 2
    result = run_to_completion(pool, plan)
    assert result.plan.worker_count == 2
    assert result.checksum == serial_checksum(SHORT.chunks, SHORT.iterations_per_chunk)
    assert cluster.scheduler.poll() is None  # the user's cluster is left as it was


@pytest.mark.slow
def test_a_worker_killed_mid_run_has_its_tasks_run_again_elsewhere(lab):
    cluster, pool = lab
    _wait_for_workers(pool, 2)
    size = WorkSize("longer", chunks=200, iterations_per_chunk=100_000)
    plan = RunPlan(Mode.CLUSTER, 2, size, next(RUN_IDS))
    killed = _kill_worker_process_after(cluster, WORKER_NAMES[1], 0.8)
    result = run_to_completion(pool, plan)
    assert killed.is_set()
    assert result.chunks_done == size.chunks
    assert result.checksum == serial_checksum(size.chunks, size.iterations_per_chunk)
    assert result.reruns
    assert all(f"worker {WORKER_NAMES[1]} left" in line for line in result.reruns)


@pytest.mark.slow
def test_a_scheduler_that_goes_away_fails_the_run_in_one_line(dask_cluster):
    pool = WorkerPool()
    try:
        pool.ensure_hosts(1)
        pool.use_cluster(ClusterTarget(dask_cluster.address), 2)
        _wait_for_workers(pool, 2)
        plan = RunPlan(Mode.CLUSTER, 2, timed_work(30.0), next(RUN_IDS))
        dask_cluster.scheduler.kill()
        started_s = time.monotonic()
        with pytest.raises(RunFailedError, match=r"scheduler .* went away") as failure:
            run_to_completion(pool, plan)
        assert "\n" not in str(failure.value)
        assert time.monotonic() - started_s < 15
    finally:
        pool.shutdown()


def _wait_for_workers(pool, count):
    """The view once `count` workers have joined: the driver says so as they come."""
    pool.wait_ready(timeout_s=START_TIMEOUT_S)
    deadline_s = time.monotonic() + START_TIMEOUT_S
    while (view := pool.cluster_view()) is None or len(view.workers) < count:
        assert time.monotonic() < deadline_s, f"{count} workers did not join: {view}"
        time.sleep(0.05)
    return view


def _kill_worker_process_after(dask_cluster, name, delay_s):
    """SIGKILL the worker process (not its nanny, which starts a new one) `delay_s` from now."""
    import threading

    killed = threading.Event()

    def kill() -> None:
        time.sleep(delay_s)
        nanny = psutil.Process(dask_cluster.workers[name].pid)
        for child in nanny.children(recursive=True):
            child.kill()
        killed.set()

    threading.Thread(target=kill, daemon=True).start()
    return killed
