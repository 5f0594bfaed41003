"""The program feed alone, as the window hears it: real test programs, started and watched.

A threaded program ends as one row with a lane per busy thread; Start runs it again against
the first as the baseline; Stop ends a tree that ignores SIGTERM, closing the run that goes,
and nothing is left behind. (A Pool, with a lane per process and its share of the cores, is
tests/watch/test_record.py's, recorded and replayed.)
"""

from __future__ import annotations

import io
import os

import pytest

from cpuviz.bridge.program_feed import ProgramFeed
from cpuviz.core.runs.outcome import RunStopped
from cpuviz.core.runs.plan import Mode, timed_work
from cpuviz.core.watch.program import StartedProgram
from cpuviz.core.watch.program_run import ProgramReport
from cpuviz.ui.results import last_line, report_cells
from tests.run_ends import run_ends
from tests.watch.watching import HANG_S, program_command, running

pytestmark = pytest.mark.skipif(not os.path.isdir("/proc"), reason="the lanes' test reads /proc")
HANG_MS = HANG_S * 1000
# A serial loop this long (an argument no other test gives it) is closed mid-run.
CLOSED_MID_RUN_S = "61.5"


def program_feed(program: str, *arguments: str) -> ProgramFeed:
    """A feed of `program` (in tests/watch/programs), its output kept from the test's own."""

    def start() -> StartedProgram:
        command = program_command(program, *arguments)
        return StartedProgram(command, stdout=io.BytesIO(), stderr=io.BytesIO())

    return ProgramFeed(start, start())


def most_lanes(feed: ProgramFeed) -> list[int]:
    """The number of lanes in each timeline the feed sends, from now on."""
    lanes: list[int] = []
    feed.timeline_changed.connect(lambda timeline: lanes.append(timeline.worker_count))
    return lanes


def lane_names(feed: ProgramFeed) -> set[str]:
    """Every name a lane had in the timelines the feed sends, from now on."""
    names: set[str] = set()
    feed.timeline_changed.connect(lambda timeline: names.update(timeline.lane_names))
    return names


def test_threads_end_as_one_row_with_a_lane_per_busy_thread_and_run_again(qtbot):
    feed = program_feed("cpu_threads.py", "0.5")
    lanes, names, lines = most_lanes(feed), lane_names(feed), []
    feed.output_line.connect(lines.append)
    with run_ends(qtbot, feed, HANG_MS) as first:
        feed.prepare(2)
    report = first.report
    assert isinstance(report, ProgramReport)
    assert report.result.plan.mode is Mode.THREADS  # one busy process: the threads' colour
    assert max(lanes) == 2
    # The main process's threads, named by their place (Python 3.11 names no thread for the
    # kernel; 3.14 does, and then its own name shows).
    threads = names - {"cpu_threads.py 0.5"}  # its one lane, before its threads were busy
    assert len(threads) == 2 and all("·" not in name for name in threads), names
    assert report.watch.exit_code == 0
    assert report.is_baseline
    assert report.line.startswith("2 busy threads in 1 process kept")
    # The newest line it printed, shown as it printed it: its last on stdout or on stderr
    # (which of the two pipes is read last is a race).
    assert lines[-1] == "threads done" or lines[-1].startswith("tree cpu_s")
    cells = report_cells(report)
    assert cells[0] == "Program (baseline)"
    assert cells[1] == "cpu_threads.py 0.5"
    assert cells[-1] == "exit 0"
    assert last_line(report) == "threads done"
    with run_ends(qtbot, feed, HANG_MS) as second:
        feed.start_all([], 2, timed_work(1))
    again = second.report
    assert not again.is_baseline
    assert again.baseline_elapsed_s == report.result.elapsed_s  # the first run's time
    feed.use_baseline(again)  # the presenter marked the second (its row's menu)
    assert feed.baseline_s == again.result.elapsed_s


def test_stop_ends_a_tree_that_ignores_sigterm_and_closing_ends_the_next_run(qtbot):
    """Stop waits out the grace a program that ignores SIGTERM is given, then kills it;
    closing the window ends the run that goes then (the same ending, without the wait)."""
    programs = iter([("ignores_sigterm.py",), ("serial_loop.py", CLOSED_MID_RUN_S)])

    def start() -> StartedProgram:
        command = program_command(*next(programs))
        return StartedProgram(command, stdout=io.BytesIO(), stderr=io.BytesIO())

    feed = ProgramFeed(start, start())
    with qtbot.waitSignal(feed.output_line, timeout=HANG_MS):
        feed.prepare(2)
    with run_ends(qtbot, feed, HANG_MS, RunStopped):
        feed.stop()
    assert not running("ignores_sigterm.py")
    feed.start_all([], 2, timed_work(1))
    with qtbot.waitSignal(feed.timeline_changed, timeout=HANG_MS):
        pass
    feed.shutdown()  # as the window closes
    assert not [p for p in running("serial_loop.py") if CLOSED_MID_RUN_S in p.cmdline()]
