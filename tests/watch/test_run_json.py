"""`cpuviz run --json -- PROGRAM`: real programs written for the tests, watched from outside.

Busy cores are compared with the kernel's own figure for the tree (the program prints its
rusage, reaped children included), which holds on a loaded machine too; fixed bounds are only
those the way the work splits guarantees whatever the load: CPU-bound threads in one process
stay within one core, sleeping threads near none.
"""

from __future__ import annotations

import os

import pytest

from tests.watch.watching import watch

# The watch's reading and the kernel's may differ by a clock tick a thread, and by what the
# interpreter does after the program said its figure.
BUSY_TOLERANCE = 0.05
# The kernel rounds each thread's user and system time to a clock tick apiece, and the tree's
# once: the cores' shares (read a thread at a time) may differ from the tree's by two ticks a
# thread, which in a 1 s program is 0.02 core for each thread.
CLOCK_TICK_S = 1 / os.sysconf("SC_CLK_TCK")


def assert_agrees_with_the_kernel(watched) -> None:
    """The tree's busy cores are the kernel's, and the cores' shares (charged from the same
    readings of the threads' clocks) add up to them."""
    report = watched.report
    assert report["busy_cores"] == pytest.approx(watched.os_busy_cores(), abs=BUSY_TOLERANCE)
    threads = sum(len(process["threads"]) for process in report["processes"])
    rounding = 2 * CLOCK_TICK_S * threads / report["elapsed_s"]
    assert sum(report["core_busy"]) == pytest.approx(
        report["busy_cores"], abs=BUSY_TOLERANCE + rounding
    )


def test_a_serial_loop_keeps_one_core_busy_at_most_and_exits_0():
    watched = watch("serial_loop.py", "0.6")
    report = watched.report
    assert_agrees_with_the_kernel(watched)
    assert report["busy_cores"] <= 1.05
    assert report["exit_code"] == 0
    assert report["last_output_line"] == "serial done"
    assert len(report["processes"]) == 1


# On a quiet machine two CPU threads read 40–65 % waiting on the GIL; with another program
# keeping a core busy, a thread the GIL let go is often runnable but waiting for a CPU, which
# the kernel shows as running (R), so about 28 %. Either way far above a thread alone's 0 %.
GIL_WAITING_PCT = 20


def test_cpu_threads_share_one_core_and_wait_on_the_gil():
    watched = watch("cpu_threads.py", "1.0")
    report = watched.report
    assert_agrees_with_the_kernel(watched)
    assert report["busy_cores"] <= 1.15
    (gil,) = report["gil"]
    assert gil["busy_threads"] == 2
    assert gil["waiting_pct"] >= GIL_WAITING_PCT
    spinning = [t for t in report["processes"][0]["threads"] if t["cpu_s"] >= 0.8]
    assert len(spinning) == 2, "each thread's own clock holds its second of work"


@pytest.mark.parametrize("program", ["pool_workers.py", "process_pool_executor.py"])
def test_a_pool_splits_the_work_over_a_process_per_worker(program):
    """Two worker processes, each with half the work, alive at the same time: on a quiet
    2-core machine that is ≥ 1.5 busy cores, under load whatever the kernel says it was."""
    watched = watch(program, "1.0")
    report = watched.report
    assert_agrees_with_the_kernel(watched)
    workers = [row for row in watched.children() if row["cpu_s"] >= 0.35 * report["cpu_s"]]
    assert len(workers) == 2, watched.children()
    first, second = workers
    assert first["started_s"] < second["ended_s"] and second["started_s"] < first["ended_s"]
    assert all(row["python"] and row["command"] for row in workers)
    assert report["exit_code"] == 0


def test_threads_asleep_on_io_keep_no_core_busy():
    watched = watch("io_threads.py", "1.0")
    report = watched.report
    assert_agrees_with_the_kernel(watched)
    assert report["busy_cores"] <= 0.3
    sleepers = [t for t in report["processes"][0]["threads"] if t["states_pct"].get("asleep")]
    assert len(sleepers) >= 4
    assert all(t["states_pct"]["asleep"] >= 50 for t in sleepers)


def test_a_crashing_program_ends_as_figures_with_its_status_and_last_error_line():
    report = watch("crashing.py").report
    assert report["exit_code"] == 1
    assert report["last_error_line"] == "crashing: the input file is missing"


def test_64_processes_are_all_accounted_for():
    """Most of them live less than a tick: their time reaches the watch through the parent
    that reaped them."""
    watched = watch("many_processes.py")
    assert_agrees_with_the_kernel(watched)
    assert watched.report["exit_code"] == 0


def test_a_program_that_forks_and_exits_is_watched_until_its_child_ends():
    report = watch("forks_and_exits.py", "0.5").report
    assert report["exit_code"] == 0
    assert report["last_error_line"] == "orphan done"
    assert report["cpu_s"] >= 0.45, "the orphan's work is the program's"
    assert report["cpu_s"] == pytest.approx(report["os_cpu_s"], abs=BUSY_TOLERANCE)
