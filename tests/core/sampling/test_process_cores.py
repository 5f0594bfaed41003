"""The reader of the run's share: how much CPU some processes used on each core, from real
spinning processes whose threads are pinned to known cores.

Every figure is compared with the process's own clock as psutil reads it, never with the wall
clock: on a loaded machine a spinner gets what the scheduler gives it, and that is still
exactly what the reader must report, on the core it ran on.
"""

from __future__ import annotations

import os
import time

import pytest

from cpuviz.core.sampling.process_cores import (
    PsutilProcessCores,
    ThreadStatCores,
    process_cores,
)
from tests.core.sampling.busy_programs import ENDED_THREAD, SPINNER, cpu_s, running

CORES = os.cpu_count() or 1
LAST_CORE = CORES - 1
WATCH_S = 0.6
# The kernel keeps each thread's clock in ticks of 10 ms; a few ticks either way is rounding
# between a thread's clock and its process's.
TICKS_S = 0.05

needs_two_cores = pytest.mark.skipif(CORES < 2, reason="two threads on two known cores")
needs_proc = pytest.mark.skipif(
    not isinstance(process_cores(1), ThreadStatCores), reason="/proc per-thread clocks"
)


def watched_for(reader, pid: int, seconds: float = WATCH_S) -> tuple[tuple[float, ...], float]:
    """What the reader says `pid` used on each core over `seconds`, and what psutil says the
    process used in all over (about) the same span."""
    reader.watch([pid])
    before_s = cpu_s(pid)
    time.sleep(seconds)
    used_s = reader.read()
    return used_s, cpu_s(pid) - before_s


@needs_proc
def test_a_spinning_thread_is_charged_to_the_core_it_is_pinned_to():
    with running(SPINNER, str(LAST_CORE)) as spinner:
        used_s, process_s = watched_for(ThreadStatCores(CORES), spinner.pid)
    assert process_s > 0
    assert used_s[LAST_CORE] == pytest.approx(process_s, abs=TICKS_S)
    assert sum(used_s) - used_s[LAST_CORE] <= TICKS_S


@needs_proc
@needs_two_cores
def test_two_threads_of_one_process_are_charged_each_to_its_own_core():
    """Per thread, not per process: a process whose threads run on two cores shows on both."""
    with running(SPINNER, "0,1") as spinner:
        used_s, process_s = watched_for(ThreadStatCores(CORES), spinner.pid)
    assert sum(used_s) == pytest.approx(process_s, abs=TICKS_S)
    # Each thread got about half of what the two got together (a loaded core gives less).
    assert min(used_s[0], used_s[1]) >= 0.2 * process_s


@needs_proc
def test_a_thread_that_ended_between_two_readings_is_still_counted():
    """Its own stat is gone when the reader comes back; its process's clock keeps its time."""
    with running(ENDED_THREAD, str(LAST_CORE), "0.2") as program:
        reader = ThreadStatCores(CORES)
        reader.watch([program.pid])
        before_s = cpu_s(program.pid)
        program.stdin.write("go\n")
        program.stdin.flush()
        assert program.stdout.readline().strip() == "done"
        used_s = reader.read()
        process_s = cpu_s(program.pid) - before_s
    assert process_s >= 0.2 - TICKS_S
    assert sum(used_s) == pytest.approx(process_s, abs=TICKS_S)


@needs_proc
def test_a_process_that_ends_is_forgotten_and_the_others_still_read():
    reader = ThreadStatCores(CORES)
    with running(SPINNER, str(LAST_CORE)) as spinner:
        with running(SPINNER, "") as sleeper:
            reader.watch([spinner.pid, sleeper.pid])
        before_s = cpu_s(spinner.pid)
        time.sleep(WATCH_S)
        used_s = reader.read()
        process_s = cpu_s(spinner.pid) - before_s
    assert used_s[LAST_CORE] == pytest.approx(process_s, abs=TICKS_S)


@needs_proc
def test_a_reading_right_after_watch_counts_only_what_follows():
    """Time a process used before it was watched is not the run's."""
    with running(SPINNER, "", str(LAST_CORE)) as spinner:
        time.sleep(0.3)  # its clock runs before the watch
        reader = ThreadStatCores(CORES)
        reader.watch([spinner.pid])
        assert sum(reader.read()) <= TICKS_S


def test_elsewhere_a_process_is_charged_to_the_core_it_last_ran_on():
    """psutil's fallback, tried here on Linux where psutil can tell the core (cpu_num)."""
    with running(SPINNER, "", str(LAST_CORE)) as spinner:
        time.sleep(0.1)  # the main thread is on its core
        used_s, process_s = watched_for(PsutilProcessCores(CORES), spinner.pid)
    assert used_s[LAST_CORE] == pytest.approx(process_s, abs=TICKS_S)


def test_an_unknown_pid_reads_as_nothing_rather_than_failing():
    reader = process_cores(CORES)
    reader.watch([2**22 + 12345])
    assert reader.read() == (0.0,) * CORES
