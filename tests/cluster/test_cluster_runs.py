"""Cluster mode with real Dask processes: the chunks as tasks, the same results as serially,
your own function, Stop, a task or function that raises, the machines named, a killed worker's
tasks run again elsewhere, a scheduler lost mid-run, and nothing listening beyond loopback."""

import itertools
import threading
import time
from collections.abc import Callable, Iterable

import psutil
import pytest

from cpuviz.core.cluster.tasks import TASK_S
from cpuviz.core.headless.runner import RunFailedError, run_to_completion
from cpuviz.core.processes.pool import WorkerPool
from cpuviz.core.runs.cluster_target import ClusterTarget
from cpuviz.core.runs.messages import Fault
from cpuviz.core.runs.plan import Mode, RunPlan, WorkSize, timed_work
from cpuviz.core.work.user_code import UserCode
from cpuviz.core.work.workloads import Workload, serial_checksum
from tests.cluster.conftest import START_TIMEOUT_S, WORKER_NAMES, pool_on, wait_for_workers

RUN_IDS = itertools.count(1)
# Long enough for every worker to take several tasks, short enough for the suite (≈ 0.5 s).
SHORT = WorkSize("short", chunks=60, iterations_per_chunk=80_000)
# Tens of tasks (≈ 2 s on two idle workers): still going when a test acts mid-run.
LONGER = WorkSize("longer", chunks=200, iterations_per_chunk=100_000)
# A task for each worker or so: enough to see that a cluster still works.
A_FEW = WorkSize("a few", chunks=8, iterations_per_chunk=80_000)


def computes_what_serial_does(pool: WorkerPool, size: WorkSize = A_FEW, workers: int = 2):
    """A cluster run on `pool`, checked chunk for chunk against serial; its result."""
    result = run_to_completion(pool, RunPlan(Mode.CLUSTER, workers, size, next(RUN_IDS)))
    assert result.chunks_done == size.chunks
    assert result.checksum == serial_checksum(size.chunks, size.iterations_per_chunk)
    return result


def test_the_apps_own_cluster_computes_what_serial_does(local_pool):
    result = computes_what_serial_does(local_pool, SHORT)
    assert result.plan.worker_count == 2  # a lane for each of the cluster's worker threads
    (host,) = result.hosts
    assert host.this_machine and host.workers == 2 and host.cores == psutil.cpu_count()


def test_every_workload_runs_on_the_cluster(local_pool):
    for workload in Workload:
        plan = RunPlan(Mode.CLUSTER, 2, A_FEW, next(RUN_IDS), workload)
        result = run_to_completion(local_pool, plan)
        assert result.checksum == serial_checksum(
            A_FEW.chunks, A_FEW.iterations_per_chunk, workload
        )


def test_a_timed_cluster_run_lasts_its_time_and_counts_every_task_it_handed_out(local_pool):
    """Tasks go out in chunk order until the time is up, and the ones out then finish and
    count: the chunks done are the first N, each once, so their checksum is serial's of N."""
    result = run_to_completion(local_pool, RunPlan(Mode.CLUSTER, 2, timed_work(0.3), next(RUN_IDS)))
    assert result.elapsed_s >= 0.3 and not result.cancelled
    assert result.chunks_done > 0
    iterations = result.plan.size.iterations_per_chunk
    assert result.checksum == serial_checksum(result.chunks_done, iterations)


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


def test_stop_mid_run_ends_it_cancelled_and_the_same_cluster_runs_the_next(local_pool):
    """Stop reaches the driver, which cancels the tasks out: the run ends cancelled with part
    of its chunks, nothing is killed or started anew, and the next run gets every chunk."""
    processes = set(local_pool.child_pids())
    plan = RunPlan(Mode.CLUSTER, 2, LONGER, next(RUN_IDS))
    stopped = when_a_task_is_in_hand(
        dask_workers(local_pool), lambda: local_pool.cancel(plan.run_id)
    )
    result = run_to_completion(local_pool, plan)
    assert stopped.is_set()
    assert result.cancelled and result.chunks_done < LONGER.chunks
    assert set(local_pool.child_pids()) == processes
    computes_what_serial_does(local_pool)


def test_a_task_that_raises_fails_the_run_in_one_line_and_the_cluster_goes_on(local_pool):
    """`--fault raise`: the first task raises on its Dask worker, as a user's function might."""
    with pytest.raises(RunFailedError) as failure:
        run_to_completion(local_pool, RunPlan(Mode.CLUSTER, 2, SHORT, next(RUN_IDS)), Fault.RAISE)
    assert str(failure.value).endswith(
        "InjectedFaultError: this worker was asked to fail (--fault raise)"
    )
    assert "\n" not in str(failure.value)
    computes_what_serial_does(local_pool)


def test_your_function_runs_on_the_cluster_and_returns_what_it_does_serially(local_pool, tmp_path):
    """`--work` in cluster mode: the user's file is imported on every worker ahead, and its
    chunks come back the same as from host 0 alone."""
    code = write_code(tmp_path / "squares.py", "def square(chunk):\n    return chunk * chunk\n")
    local_pool.load_code(code)
    local_pool.wait_ready(timeout_s=START_TIMEOUT_S)
    size = WorkSize("mine", chunks=16, iterations_per_chunk=1)
    serial = run_to_completion(local_pool, RunPlan(Mode.SERIAL, 1, size, next(RUN_IDS), code=code))
    plan = RunPlan(Mode.CLUSTER, 2, size, next(RUN_IDS), code=code)
    result = run_to_completion(local_pool, plan)
    assert result.chunks_done == size.chunks
    assert result.checksum == serial.checksum
    assert result.plan.work_title == "square()"


def test_your_function_raising_on_the_cluster_fails_the_run_in_one_line_at_its_line(
    local_pool, tmp_path
):
    code = write_code(
        tmp_path / "moody.py",
        "def moody(chunk):\n"
        "    if chunk == 5:\n"
        "        raise ValueError(f'bad chunk {chunk}')\n"
        "    return chunk\n",
    )
    plan = RunPlan(Mode.CLUSTER, 2, WorkSize("mine", 8, 1), next(RUN_IDS), code=code)
    with pytest.raises(RunFailedError) as failure:
        run_to_completion(local_pool, plan)
    assert str(failure.value).endswith("ValueError: bad chunk 5 (moody.py:3)")
    assert "\n" not in str(failure.value)


@pytest.mark.slow
def test_a_running_cluster_of_named_workers_is_used_as_it_is(lab, lab_pool):
    view = wait_for_workers(lab_pool, 2)
    assert not view.embedded
    assert sorted(worker.name for worker in view.workers) == list(WORKER_NAMES)
    assert view.describe().endswith("2 workers, 1 host")
    result = computes_what_serial_does(lab_pool, SHORT, workers=7)  # 7 workers asked: it has 2
    assert result.plan.worker_count == 2
    assert lab.scheduler.poll() is None  # the user's cluster is left as it was


@pytest.mark.slow
def test_a_worker_killed_mid_run_has_its_tasks_run_again_elsewhere(dask_cluster):
    """On a cluster of its own: the killed worker does not come back."""
    victim = dask_cluster.workers[WORKER_NAMES[1]]
    with pool_on(ClusterTarget(dask_cluster.address)) as pool:
        killed = when_a_task_is_in_hand([victim.pid], victim.kill)
        result = run_to_completion(pool, RunPlan(Mode.CLUSTER, 2, LONGER, next(RUN_IDS)))
    assert killed.is_set()
    assert result.chunks_done == LONGER.chunks
    assert result.checksum == serial_checksum(LONGER.chunks, LONGER.iterations_per_chunk)
    assert result.reruns
    assert all(f"worker {WORKER_NAMES[1]} left" in line for line in result.reruns)


@pytest.mark.slow
def test_a_scheduler_lost_mid_run_fails_the_run_in_one_line(dask_cluster):
    """On a cluster of its own: the test kills its scheduler. The run is timed and long, so
    that only noticing the loss can end it."""
    workers = [worker.pid for worker in dask_cluster.workers.values()]
    with pool_on(ClusterTarget(dask_cluster.address)) as pool:
        lost = when_a_task_is_in_hand(workers, dask_cluster.scheduler.kill)
        with pytest.raises(RunFailedError, match=r"scheduler .* went away") as failure:
            run_to_completion(pool, RunPlan(Mode.CLUSTER, 2, timed_work(60.0), next(RUN_IDS)))
    assert lost.is_set()
    assert "\n" not in str(failure.value)


def write_code(path, text: str) -> UserCode:
    """The user's file, written; its one function is the one run."""
    path.write_text(text)
    return UserCode(str(path), text.removeprefix("def ").partition("(")[0])


def dask_workers(pool: WorkerPool) -> list[int]:
    """The app's own cluster's worker processes: the cluster driver's children."""
    return pool.child_pids()[len(pool.host_pids()) + 1 :]


def when_a_task_is_in_hand(pids: Iterable[int], act: Callable[[], object]) -> threading.Event:
    """Call `act`, in a thread of its own, once one of the processes `pids` has had half a
    task's CPU time since now, by its CPU clock: it is computing a task of the run (an idle
    Dask worker gains a few ms a second, and a starved one none, however long it waits). The
    event says that `act` was called."""
    processes = [psutil.Process(pid) for pid in pids]
    since = [_cpu_s(process) for process in processes]
    acted = threading.Event()

    def watch() -> None:
        deadline_s = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline_s:
            if any(_cpu_s(p) - s >= TASK_S / 2 for p, s in zip(processes, since, strict=True)):
                act()
                acted.set()
                return
            time.sleep(0.01)

    threading.Thread(target=watch, daemon=True).start()
    return acted


def _cpu_s(process: psutil.Process) -> float:
    times = process.cpu_times()
    return times.user + times.system
