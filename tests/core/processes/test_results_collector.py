"""The results collector failing as real processes fail: hung, dead, or met by a stranger.

Process mode ships every result to the collector, a process of the app's own; the pool asks
it what unpickling cost. None of its failures may hang the app or fail the runs after it.
"""

import multiprocessing
import os
import pickle
import signal
import threading
import time
from multiprocessing.connection import AuthenticationError, Client, Listener

import pytest

from cpuviz.core.headless.runner import run_to_completion
from cpuviz.core.processes.pool import WorkerPool
from cpuviz.core.processes.results_collector import (
    TAKE_TIMEOUT_S,
    ResultsCollector,
    collector_address,
    ship_to,
)
from cpuviz.core.runs.plan import Mode, RunPlan
from cpuviz.core.work.workloads import Workload, serial_checksum
from tests.conftest import TINY

# Far beyond a take's usual microseconds and its TAKE_TIMEOUT_S wait: only a hang fails these.
HANG_S = 60
BIG_RESULT = pickle.dumps(list(range(200_000)))


@pytest.fixture
def collector():
    collector = ResultsCollector(multiprocessing.get_context("spawn"))
    yield collector
    collector.stop()


def shipped(collector: ResultsCollector) -> float:
    """Ship one big result as a worker does, then take what unpickling it cost."""
    with ship_to(collector.address) as connection:
        connection.send_bytes(BIG_RESULT)
    deadline_s = time.monotonic() + HANG_S
    unpickling_s = 0.0
    while unpickling_s == 0.0 and time.monotonic() < deadline_s:
        unpickling_s = collector.take_unpickling_s()
    return unpickling_s


def test_a_caller_without_the_apps_key_is_refused_and_workers_still_get_through(collector):
    assert shipped(collector) > 0  # it listens
    with pytest.raises(AuthenticationError):
        Client(collector.address, authkey=b"not this app's key")
    assert shipped(collector) > 0


def test_a_worker_that_ships_before_the_collector_listens_tries_again():
    address = collector_address()
    received = []

    def listen_late() -> None:
        time.sleep(0.3)  # the worker's first tries find nobody there
        key = multiprocessing.current_process().authkey
        with Listener(address, authkey=key) as listener, listener.accept() as connection:
            received.append(connection.recv_bytes())

    listening = threading.Thread(target=listen_late)
    listening.start()
    with ship_to(address) as connection:
        connection.send_bytes(b"a result")
    listening.join(HANG_S)
    assert received == [b"a result"]


def test_a_hung_collector_costs_one_wait_and_its_late_answer_is_never_taken_as_the_next(
    collector,
):
    os.kill(collector._process.pid, signal.SIGSTOP)
    try:
        started_s = time.monotonic()
        assert collector.take_unpickling_s() == 0.0  # nothing heard in time
        assert time.monotonic() - started_s < HANG_S  # it gave up, as said, after its wait
        assert time.monotonic() - started_s >= TAKE_TIMEOUT_S * 0.9
    finally:
        os.kill(collector._process.pid, signal.SIGCONT)
    assert collector._control.poll(HANG_S)  # resumed, it answers the take it missed, late
    assert shipped(collector) > 0
    assert not collector._control.poll()  # that late answer was dropped: each take read its own


def data_in_processes(run_id: int) -> RunPlan:
    return RunPlan(Mode.PROCESSES, 2, TINY, run_id=run_id, workload=Workload.DATA)


def test_a_dead_collector_is_started_again_and_the_next_processes_run_works():
    pool = WorkerPool()
    try:
        pool.ensure_hosts(2)
        pool.wait_ready()
        plan = RunPlan(Mode.PROCESSES, 2, TINY, run_id=1, workload=Workload.DATA)
        run_to_completion(pool, plan)
        os.kill(pool._collector._process.pid, signal.SIGKILL)
        pool._collector._process.join(HANG_S)
        again = run_to_completion(
            pool, RunPlan(Mode.PROCESSES, 2, TINY, run_id=2, workload=Workload.DATA)
        )
        assert again.checksum == serial_checksum(
            TINY.chunks, TINY.iterations_per_chunk, Workload.DATA
        )
        assert again.transfer_s is not None and again.transfer_s > 0  # shipped to the new one
    finally:
        pool.shutdown()
