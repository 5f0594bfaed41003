"""The GIL page: the baton passing between threads, watched only while it is shown; and the
page alone, fed plain GilSlots."""

import os
import statistics
from itertools import groupby

import pytest
from PySide6.QtGui import QColor

from cpuviz.bridge.gil_watch import GilWatch
from cpuviz.core.gil import readers
from cpuviz.core.gil.readers import SLOW_SLOT_S, thread_states_available
from cpuviz.core.gil.trace import MAX_THREADS_SHOWN, GilFigures, GilSlots
from cpuviz.core.runs.outcome import RunStopped
from cpuviz.core.runs.plan import Mode
from cpuviz.core.runs.switch_interval import SwitchInterval
from cpuviz.core.work.workloads import Workload
from cpuviz.options import PAGES
from cpuviz.ui.bottom_pages import GIL_TAB, RUNS_TAB
from cpuviz.ui.gil_lanes import LANE_GAP_PX
from cpuviz.ui.gil_page import CLUSTER_SUMMARY, GilPage
from cpuviz.ui.theme import LIGHT, PROJECTOR
from tests.conftest import LONG
from tests.run_ends import run_ends
from tests.ui.conftest import RUN_TIMEOUT_MS, measure_baseline

needs_proc = pytest.mark.skipif(
    not thread_states_available(), reason="needs Linux's /proc thread states"
)
# Lane columns (a millisecond each) the figures are read over: enough turns at 200 ms; a
# run with no turns to see needs fewer.
READ_OVER_COLUMNS = 2_000
WITHOUT_TURNS_COLUMNS = 500
# A turn the back row can count: at least this wide in the zoom, at 1024×768.
TURN_MIN_PX = 10
# The GIL page's size in a 1024×768 window.
PAGE_1024 = (990, 190)


def took_turns_at_one_gil(figures) -> bool:
    """Two threads under one GIL: they never ran at once, and while one held it the other
    waited, so they waited half the time it was held. Time in which both slept (sending
    progress to a loaded Manager, say) counts as neither, so no share of all the time is
    promised: a busy machine lowers both."""
    return (
        figures.held_pct > 0
        and figures.overlap_pct < 10
        and figures.waiting_pct >= 0.8 * figures.held_pct / 2
    )


def start_long_run(window, qtbot, mode, workload=Workload.CPU):
    """A long `mode` run, its baseline measured short beforehand, watched from the GIL page."""
    measure_baseline(window, qtbot, LONG, workload=workload)
    window.show_tab(GIL_TAB)
    with qtbot.waitSignal(
        window.controller.run_started,
        timeout=RUN_TIMEOUT_MS,
        check_params_cb=lambda plan: plan.mode is mode,
    ):
        window.controller.own.start(mode, 2, LONG, workload=workload)


def stop(window, qtbot):
    with run_ends(qtbot, window.controller, RUN_TIMEOUT_MS, RunStopped):
        window.controller.stop()


def whole_turns_px(strip, lane: int) -> list[int]:
    """The widths of the lit runs along the middle of `lane` in the rendered strip, leaving
    out those its edges cut (a turn begun before the strip's time, or still going)."""
    image = strip.grab().toImage()
    lanes = strip.columns.rows
    lane_px = (image.height() - LANE_GAP_PX * (lanes - 1)) / lanes
    y = int(lane * (lane_px + LANE_GAP_PX) + lane_px / 2)
    lit = QColor(PROJECTOR.threads).rgb()
    runs, x = [], 0
    row = (image.pixel(column, y) == lit for column in range(image.width()))
    for is_lit, pixels in groupby(row):
        width = len(list(pixels))
        if is_lit and x > 0 and x + width < image.width():
            runs.append(width)
        x += width
    return runs


def slots_read_over(window, qtbot, columns=READ_OVER_COLUMNS) -> GilSlots:
    """The newest GilSlots once the watch has read `columns` milliseconds of the run: the
    figures cover that much of it however busy the machine (never a wait of N seconds)."""
    seen = []
    window.controller.gil_slots.connect(seen.append)
    try:
        qtbot.waitUntil(
            lambda: sum(len(slots.running) for slots in seen) >= columns, timeout=RUN_TIMEOUT_MS
        )
    finally:
        window.controller.gil_slots.disconnect(seen.append)
    return seen[-1]


@needs_proc
@pytest.mark.end_to_end
def test_threads_pass_the_gil_in_turns_the_zoom_makes_countable_watched_only_while_shown(
    shared_window, qtbot
):
    """At Python's own 5 ms, in the window at 1024×768. A turn the sampler read as shorter
    than the switch interval (a reading late on a loaded machine, a hand-off falling between
    readings) may draw narrower, so the typical turn of each lane is measured."""
    window = shared_window
    page = window.gil_page
    start_long_run(window, qtbot, Mode.THREADS)
    assert window.controller.watching_gil
    qtbot.waitUntil(
        lambda: page.handoffs.text().startswith("The GIL changed hands"), timeout=RUN_TIMEOUT_MS
    )
    # Two lanes, lit in turn (a runnable thread the machine's load keeps off a core still
    # holds the GIL, and reads as running).
    qtbot.waitUntil(lambda: 0.2 < page.lanes.lit_share < 0.8, timeout=RUN_TIMEOUT_MS)
    turns = []

    def both_lanes_had_a_whole_turn_in_the_zoom() -> bool:
        turns[:] = [whole_turns_px(page.zoom, lane) for lane in (0, 1)]
        return all(turns)

    qtbot.waitUntil(both_lanes_had_a_whole_turn_in_the_zoom, timeout=RUN_TIMEOUT_MS)
    assert all(statistics.median(lane) >= TURN_MIN_PX for lane in turns), turns
    window.show_tab(RUNS_TAB)  # hidden: no sampling, no cost
    assert not window.controller.watching_gil
    window.show_tab(GIL_TAB)
    assert window.controller.watching_gil
    stop(window, qtbot)
    assert not window.controller.watching_gil  # no run, nothing to watch


@needs_proc
@pytest.mark.end_to_end
def test_slow_motion_makes_the_gil_change_hands_far_less_often(shared_window, qtbot):
    """At 200 ms a turn, at most about 5 hand-offs a second (against about 200 at 5 ms): a
    machine's load can only make turns longer. And the two still take turns."""
    window = shared_window
    window.gil_page.interval.setCurrentText("200 ms")  # each thread keeps the GIL up to 200 ms
    assert "200 ms" in window.status.caption.text()
    start_long_run(window, qtbot, Mode.THREADS)
    figures = slots_read_over(window, qtbot).figures
    assert figures.handoffs_per_s <= 20
    assert took_turns_at_one_gil(figures), figures
    stop(window, qtbot)


@needs_proc
@pytest.mark.end_to_end
def test_processes_each_light_a_lane_and_no_gil_changes_hands(shared_window, qtbot):
    """Two processes, a GIL each: both lanes lit together, never a hand-off between them."""
    window = shared_window
    start_long_run(window, qtbot, Mode.PROCESSES)
    slots = slots_read_over(window, qtbot, WITHOUT_TURNS_COLUMNS)
    assert slots.lanes == 2 and slots.figures.threads == 2
    assert {0b11} <= set(slots.running)  # side by side
    assert slots.figures.handoffs_per_s == 0 and slots.figures.waiting_pct == 0
    assert window.gil_page.handoffs.text() == "The GIL did not change hands"
    stop(window, qtbot)


@needs_proc
@pytest.mark.end_to_end
def test_an_asyncio_run_is_one_thread_that_waits_for_no_gil(shared_window, qtbot):
    """asyncio's tasks share one thread: one lane, mostly dark while the tasks wait."""
    window = shared_window
    start_long_run(window, qtbot, Mode.ASYNCIO, Workload.IO)
    slots = slots_read_over(window, qtbot, WITHOUT_TURNS_COLUMNS)
    assert slots.lanes == 1 and slots.figures.threads == 1
    assert slots.figures.waiting_pct == 0 and slots.figures.handoffs_per_s == 0
    assert window.gil_page.waiting.text() == "No thread waited for the GIL"
    stop(window, qtbot)


@pytest.mark.end_to_end
def test_without_proc_the_page_reads_psutils_thread_clocks_and_says_so(
    shared_window, qtbot, monkeypatch
):
    """Where /proc has no thread states (macOS, Windows) the watch falls back to psutil's
    per-thread CPU times, the real reader those systems get; the page says how coarse they
    are. In slow motion, the turns are still seen."""
    monkeypatch.setattr(readers, "thread_states_available", lambda: False)
    window = shared_window
    page = window.gil_page
    page.choose_interval(SwitchInterval(200))
    start_long_run(window, qtbot, Mode.THREADS)
    slots = slots_read_over(window, qtbot)
    assert slots.resolution_ms >= SLOW_SLOT_S * 1000
    assert f"read every {slots.resolution_ms:g} ms: quicker turns blur" in page.summary.text()
    assert "from per-thread CPU times" in page.summary.toolTip()
    qtbot.waitUntil(
        lambda: page.handoffs.text().startswith("The GIL changed hands"), timeout=RUN_TIMEOUT_MS
    )
    assert slots.lanes == 2
    stop(window, qtbot)


def test_the_pages_are_in_the_order_snapshot_names_them(shared_window):
    window = shared_window
    pages = [
        window.results,
        window.lanes,
        window.gil_page,
        window.speedup_chart,
        window.summary,
        window.code_page,
    ]
    assert [window.tabs.widget(PAGES.index(name)) for name in PAGES] == pages
    assert window.tabs.tabText(PAGES.index("gil")) == "GIL (G)"


def test_a_second_watcher_joins_the_sampling_without_restarting_it(qtbot):
    """A recording watches a whole run; showing and hiding the page must not reset its
    figures halfway."""
    watch = GilWatch()
    watch.want("recording", True)
    watch.watch([os.getpid()])  # a run starts
    sampler = watch._sampler
    watch.want("page", True)
    watch.want("page", False)
    assert watch._sampler is sampler
    watch.want("recording", False)
    assert not watch.sampling
    watch.watch(())


@pytest.fixture
def page(qtbot):
    """The GIL page alone, fed plain GilSlots."""
    gil_page = GilPage(PROJECTOR)
    qtbot.addWidget(gil_page)
    return gil_page


def test_a_cluster_run_says_why_the_gil_lanes_stay_dark(page):
    """Dask's workers are processes of their own: the page says so, as no lane will light."""
    page.show_run(Mode.CLUSTER)
    assert page.summary.text() == CLUSTER_SUMMARY
    page.show_run(Mode.THREADS)  # the next run's lanes will say what they show
    assert page.summary.text() == ""


def test_two_threads_taking_turns_light_half_the_lanes_and_the_figures_say_so(page):
    """The waiting is time, not a percentage: on this screen a percentage is CPU."""
    page.show_run(Mode.THREADS)
    turns = (0b01,) * 5 + (0b10,) * 5  # 5 ms each, as Python's own switch interval
    page.show_slots(GilSlots(2, turns * 60, GilFigures(200.0, 49.0, 0.0, threads=2)))
    assert page.lanes.lit_share == pytest.approx(0.5)
    page.set_theme(LIGHT)  # the room's light changed: the same turns, in its colours
    assert page.lanes.lit_share == pytest.approx(0.5)
    assert page.handoffs.text() == "The GIL changed hands 200× a second: every 5 ms"
    assert page.waiting.text() == "Each thread waited for the GIL 0.49 s of every second"
    assert "%" not in page.waiting.text()
    assert page.zoom_caption.text() == "Last 0.1 s, zoomed ×6"
    assert page.summary.text() == "Last 0.6 s · lit where a thread ran"


def test_at_pythons_own_interval_each_turn_in_the_zoom_is_wide_enough_to_count(page):
    """Turns of 5 ms, in ticks that wrap the lanes' ring mid-zoom: in the overview a turn is
    a stripe of a few pixels; in the zoom each lane's turns are blocks of 10 pixels or more,
    the two lanes in turn, with no seam where the ring wraps."""
    page.resize(*PAGE_1024)
    page.show_run(Mode.THREADS)
    turns = ((0b01,) * 5 + (0b10,) * 5) * 13  # 130 ms a tick: 650 columns in all
    for _ in range(5):
        page.show_slots(GilSlots(2, turns, GilFigures(200.0, 50.0, 0.0, threads=2)))
    assert page.columns.pieces(100) == ((550, 50), (0, 50))  # the zoom spans the wrap
    zoomed = [whole_turns_px(page.zoom, lane) for lane in (0, 1)]
    assert all(len(lane) >= 8 for lane in zoomed), zoomed  # ten turns a lane in 0.1 s
    assert min(zoomed[0] + zoomed[1]) >= TURN_MIN_PX, zoomed
    assert max(max(whole_turns_px(page.lanes, lane)) for lane in (0, 1)) < TURN_MIN_PX


def test_coarse_readings_and_many_threads_are_said_beside_the_lanes(page):
    page.show_run(Mode.THREADS)
    threads = MAX_THREADS_SHOWN + 4
    figures = GilFigures(0.0, 0.0, 100.0, threads=threads)
    page.show_slots(GilSlots(MAX_THREADS_SHOWN, (0xFFFF,) * 30, figures, resolution_ms=20.0))
    summary = page.summary.text()
    assert f" · lanes for the first 16 of {threads} threads · " in summary
    assert summary.endswith("read every 20 ms: quicker turns blur")
    assert page.handoffs.text() == "The GIL did not change hands"
    # Read a little slower than a millisecond (a loaded machine): 5 ms turns still show.
    page.show_slots(GilSlots(MAX_THREADS_SHOWN, (0xFFFF,) * 30, figures, resolution_ms=1.8))
    assert "read every" not in page.summary.text()


def test_threads_that_are_not_the_apps_grey_the_switch_interval_out_saying_why(page):
    page.offer_interval(False)
    assert not page.interval.isEnabled()
    assert page.interval.toolTip().startswith("These threads keep their own switch interval")
    page.offer_interval(True)
    assert page.interval.isEnabled() and "sys.setswitchinterval" in page.interval.toolTip()
