"""Reading which worker threads run, from another process: /proc's states and psutil's clocks."""

import multiprocessing
import threading
import time

import psutil
import pytest

from cpuviz.core.gil.readers import (
    BUDGET_READINGS,
    SLOT_S,
    SLOW_SLOT_S,
    ReadingBudget,
    ThreadClocks,
    ThreadStates,
    thread_states_available,
)
from cpuviz.core.gil.trace import GilSampler
from cpuviz.core.processes.worker import as_worker_thread
from cpuviz.core.work.workloads import cpu_chunk

SPIN_S = 3.0


def _spin(threads: int, ready) -> None:
    """CPU-bound worker threads sharing this process's GIL (named as a host names them); the
    main thread only waits."""

    def work() -> None:
        end_s = time.monotonic() + SPIN_S
        while time.monotonic() < end_s:
            cpu_chunk(1, 20_000)

    workers = [threading.Thread(target=as_worker_thread, args=(work,)) for _ in range(threads)]
    for worker in workers:
        worker.start()
    ready.set()
    for worker in workers:
        worker.join()


@pytest.fixture
def spinning_process():
    context = multiprocessing.get_context("spawn")
    ready = context.Event()
    process = context.Process(target=_spin, args=(2, ready), daemon=True)
    process.start()
    assert ready.wait(30)
    yield process
    process.kill()
    process.join()


def cpu_s(process) -> float:
    times = psutil.Process(process.pid).cpu_times()
    return times.user + times.system


def test_psutil_clocks_find_the_running_threads_and_leave_the_idle_one_out(spinning_process):
    """Where /proc has no thread states (macOS, Windows), CPU times show who ran, coarsely.

    The GIL is held for as much of the watch as the process got a core: all of it on an idle
    machine, less when another program shares the cores, so the two are compared."""
    reader = ThreadClocks([spinning_process.pid])
    cpu_before_s, started_s = cpu_s(spinning_process), time.monotonic()
    sampler = GilSampler([spinning_process.pid], reader=reader).start()
    time.sleep(1.5)
    lanes = sampler.take()
    figures = sampler.stop()
    share = (cpu_s(spinning_process) - cpu_before_s) / (time.monotonic() - started_s)
    assert lanes.lanes == 2  # the two workers; the main thread never ran during the watch
    assert all(pid == spinning_process.pid for pid, _ in reader._workers)
    assert lanes.resolution_ms >= SLOW_SLOT_S * 1000
    assert 0.5 <= len(lanes.running) / 1500 <= 1.1  # a column a millisecond, in true time
    assert figures.held_pct >= 50 * share  # the GIL was busy whenever the process ran


@pytest.mark.skipif(not thread_states_available(), reason="needs Linux's /proc thread states")
def test_proc_states_show_threads_taking_turns_read_finer_than_a_turn(spinning_process):
    """Read every millisecond, or a little less often where the machine makes a reading
    cost more (READ_BUDGET): always finer than the 5 ms turns."""
    sampler = GilSampler([spinning_process.pid]).start()
    time.sleep(1.0)
    lanes = sampler.take()
    sampler.stop()
    assert lanes.lanes == 2 and SLOT_S * 1000 <= lanes.resolution_ms < 5
    lit = [column for column in lanes.running if column]
    assert {0b01, 0b10} <= set(lit)  # each lane lit on its own: the baton
    # Mostly one at a time. Both at once around a hand-off, and more often on a loaded machine,
    # where a thread the GIL was handed to waits runnable (R) for a core.
    assert lit.count(0b11) < len(lit) / 2
    # The baton changed hands (each lane held it alone, above). How often is the benchmarks'
    # (benchmarks/gil_view.py): a thread short of CPU cannot even ask for the GIL, and beside
    # a busy program two threads were seen to pass it twice in a second.
    assert lanes.figures.handoffs_per_s > 0


@pytest.mark.skipif(not thread_states_available(), reason="needs Linux's /proc thread states")
def test_a_reading_that_costs_more_than_its_budget_is_taken_less_often(spinning_process):
    """The same readings of the same threads: within a generous budget every millisecond, and
    as seldom as the psutil reader's within a budget no reading can keep."""
    slots_s = {}
    for share in (1.0, 1e-9):
        reader = ThreadStates(
            [spinning_process.pid], budget=ReadingBudget(SLOT_S, SLOW_SLOT_S, share)
        )
        for _ in range(2 * BUDGET_READINGS):
            assert reader.read()
        slots_s[share] = reader.slot_s
        reader.close()
    assert slots_s == {1.0: SLOT_S, 1e-9: SLOW_SLOT_S}
