"""The cores view tells one story from the back row: one figure for cores busy, the hop of the
one core's worth said in words, a key to the colours, and the run before it to compare with.

Widgets fed plain samples and reports: what a viewer reads, in milliseconds.
"""

from __future__ import annotations

import pytest

from cpuviz.core.runs.plan import Mode, RunPlan
from cpuviz.core.runs.results import RunReport, RunResult
from cpuviz.core.sampling.hop import HopWatch
from cpuviz.core.sampling.sources import CpuSample
from cpuviz.ui.core_view import CoreView
from cpuviz.ui.theme import PROJECTOR
from tests.conftest import TINY

# A second of samples at 10 Hz: the hop's smoothed shares have caught up.
SECOND = 10


@pytest.fixture
def view(qtbot):
    core_view = CoreView(2, 100, PROJECTOR, "graphs")
    core_view.setStyleSheet(PROJECTOR.style_sheet())  # the projector's type, as measured
    qtbot.addWidget(core_view)
    core_view.resize(996, 300)
    core_view.show()
    return core_view


def feed(view, per_core_pct, run_pct, samples=SECOND, start_s=0.0):
    for tick in range(samples):
        view.show_sample(CpuSample(per_core_pct, start_s + tick / 10, run_pct))


def threads_report(busy_cores=0.96, speedup_s=(2.0, 2.04)) -> RunReport:
    result = RunResult(RunPlan(Mode.THREADS, 2, TINY), speedup_s[1], 0, 12, 2.0, busy_cores)
    return RunReport(result, speedup_s[0], 2)


def test_one_cores_worth_moving_between_both_cores_is_said_across_the_graphs(view):
    view.set_running_mode(Mode.THREADS)
    feed(view, (50.0, 50.0), (48.0, 50.0))
    assert view.graphs.note == "⇄ one core's worth of work, moving between both cores"
    feed(view, (100.0, 0.0), (100.0, 0.0), samples=3 * SECOND)  # it stayed on one core
    assert view.graphs.note == ""
    view.set_running_mode(None)
    assert view.graphs.note == ""


def test_processes_filling_the_cores_never_read_as_a_hop(view):
    view.set_running_mode(Mode.PROCESSES)
    feed(view, (55.0, 50.0), (50.0, 50.0))  # two halves beside a busy program: two GILs
    assert view.graphs.note == ""


def test_the_hop_verdict_holds_steady_through_a_flicker():
    hop = HopWatch(2)
    for _ in range(SECOND):
        hop.add((50.0, 50.0))
    assert hop.cores_shared == 2
    assert hop.add((90.0, 10.0)) == 2  # one uneven sample does not end it
    hop.reset()
    assert hop.cores_shared == 0


def test_the_key_names_the_colours_on_the_graphs_once_there_are_two(view):
    key = view.colour_key
    view.set_running_mode(Mode.SERIAL)
    feed(view, (100.0, 1.0), (100.0, 0.0))
    assert key.isHidden() and key.entries == []  # one colour: nothing to tell apart
    view.set_running_mode(Mode.THREADS)
    feed(view, (60.0, 50.0), (50.0, 50.0), start_s=1.0)
    assert key.entries == ["serial baseline", "threads", "other programs"]
    assert not key.isHidden()
    assert key.width() <= view.width()  # it never widens the window


def test_the_big_figure_is_the_runs_average_so_far_and_the_load_of_the_moment_after(view):
    readout = view.readout
    view.set_running_mode(Mode.THREADS)
    feed(view, (50.0, 50.0), (50.0, 50.0), samples=5)
    feed(view, (100.0, 100.0), (100.0, 100.0), samples=4, start_s=0.5)
    assert readout.busy.text() == "1.50"  # four samples at 1 core, four at 2
    assert readout.other_programs is None  # and no second figure for the same idea
    view.set_running_mode(None)
    feed(view, (2.0, 0.0), (0.0, 0.0), samples=1, start_s=2.0)
    assert readout.busy.text() == "0.00"


def test_while_a_run_goes_the_run_before_it_stays_readable_in_the_same_words(view, qtbot):
    view.add_report(threads_report())
    view.set_running_mode(Mode.PROCESSES)
    previous = view.previous_run
    assert not previous.isHidden() and view.span_label.isHidden()
    assert previous.full_text == "before: 0.96 cores busy · 0.98× serial · Threads × 2"
    assert PROJECTOR.threads in previous.styleSheet()  # whose figure it is, in its colour
    # Room enough beside the figure at 1024 px, once the shown line is laid out.
    qtbot.waitUntil(lambda: previous.text() == previous.full_text)
    view.set_running_mode(None)
    assert previous.isHidden() and not view.span_label.isHidden()
    view.clear_reports()
    view.set_running_mode(Mode.PROCESSES)
    assert previous.isHidden()
