"""The per-worker timeline: one lane per worker, and under the GIL they share one core."""

import psutil
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from cpuviz.core.runs.messages import Progress
from cpuviz.core.runs.plan import Mode, RunPlan, WorkSize
from cpuviz.core.runs.timeline import WorkerTimeline
from cpuviz.ui.bottom_pages import RUNS_TAB, WORKERS_TAB
from cpuviz.ui.theme import THEMES
from cpuviz.ui.worker_lanes import WorkerLanes
from tests.run_ends import run_ends
from tests.ui.conftest import RUN_TIMEOUT_MS, measure_baseline

# About a second of work per mode: long enough for several progress reports per worker.
SECOND = WorkSize("second", chunks=24, iterations_per_chunk=250_000)


def run_and_wait(window, qtbot, mode):
    window.choose_mode(mode)
    with run_ends(qtbot, window.controller, RUN_TIMEOUT_MS, mode=mode):
        qtbot.keyClick(window, Qt.Key.Key_Space)
    return window.lanes.canvas.timeline


@pytest.mark.end_to_end
def test_threads_get_one_lane_each_and_share_one_core_between_them(open_window, qtbot):
    window = open_window(mode=Mode.THREADS, workers=3, size=SECOND)
    measure_baseline(window, qtbot, SECOND)  # the lanes' clocks are read, not a speedup
    window.tabs.setCurrentIndex(RUNS_TAB)  # where the presenter left it
    timeline = run_and_wait(window, qtbot, Mode.THREADS)
    assert window.tabs.currentIndex() == WORKERS_TAB  # shown as the run started
    assert window.lanes.lane_count == 3
    assert all(timeline.cpu_s(worker) > 0 for worker in range(3))  # each thread had turns
    # One GIL: by the threads' own CPU clocks, together they never had more than one core,
    # however busy the machine (which can only give them less).
    assert timeline.total_cores <= 1.1
    assert window.lanes.summary.text() == "3 threads · full height is one core"


@pytest.mark.end_to_end
def test_processes_get_one_lane_each_each_its_own_process(open_window, qtbot):
    """How much two processes get together depends on the machine's other load (make bench
    measures it); what holds always is that each lane is a process of its own, at work."""
    window = open_window(mode=Mode.PROCESSES, workers=2, size=SECOND)
    measure_baseline(window, qtbot, SECOND)  # before the hosts' clocks are first read
    hosts = window.controller.worker_pids()
    cpu_before_s = [psutil.Process(pid).cpu_times().user for pid in hosts]
    timeline = run_and_wait(window, qtbot, Mode.PROCESSES)
    assert window.lanes.lane_count == 2 and len(set(hosts)) == 2
    assert all(timeline.cpu_s(worker) > 0 for worker in range(2))
    cpu_after_s = [psutil.Process(pid).cpu_times().user for pid in hosts]
    assert all(after > before for before, after in zip(cpu_before_s, cpu_after_s, strict=True))


def test_sixty_four_lanes_fit_without_labels_and_say_how_many_cores(qtbot):
    lanes = WorkerLanes(THEMES["projector"], cores=64)
    qtbot.addWidget(lanes)
    lanes.resize(900, 200)
    lanes.show_run(RunPlan(Mode.PROCESSES, 64, SECOND, run_id=1))
    timeline = WorkerTimeline(run_id=1, worker_count=64, dispatched_at_s=0.0)
    for worker in range(64):
        timeline.feed(Progress(1, worker, 1, cpu_s=0.9, at_s=1.0))
    lanes.show_timeline(timeline)
    lanes.show()
    picture = lanes.grab().toImage()
    drawn = {picture.pixel(x, y) for x in range(0, picture.width(), 5) for y in range(30, 200, 2)}
    assert QColor(THEMES["projector"].processes).rgb() in drawn  # 90 % of each lane filled
    assert lanes.lane_count == 64
    assert lanes.summary.toolTip().startswith("Together 57.60 of 64 cores busy so far.")


def test_each_lane_says_its_cores_and_only_the_tooltip_adds_them_up(qtbot):
    """In cores, as the figure over the graphs: no percentage, which there is CPU per core."""
    lanes = WorkerLanes(THEMES["projector"], cores=2)
    qtbot.addWidget(lanes)
    lanes.show_run(RunPlan(Mode.THREADS, 2, SECOND, run_id=1))
    timeline = WorkerTimeline(run_id=1, worker_count=2, dispatched_at_s=0.0)
    for worker, cpu_s in enumerate((0.5, 0.46)):  # one GIL: a core's worth between them
        timeline.feed(Progress(1, worker, 1, cpu_s=cpu_s, at_s=1.0))
    lanes.show_timeline(timeline)
    lanes.resize(900, 200)
    lanes.grab()  # painted beside the lanes, in their projector type
    figures = [lanes.canvas.lane_figure(worker) for worker in range(2)]
    assert figures == ["0.50 core", "0.46 core"]
    assert not any("%" in figure for figure in figures)
    assert lanes.summary.text() == "2 threads · full height is one core"  # no rival figure
    assert lanes.summary.toolTip().startswith("Together 0.96 of 2 cores busy so far.")
