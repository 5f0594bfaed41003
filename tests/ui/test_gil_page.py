"""The GIL page: the baton passing between threads, watched only while it is shown."""

import os

import pytest

from cpuviz.bridge.gil_watch import GilWatch
from cpuviz.core.gil.readers import thread_states_available
from cpuviz.core.runs.outcome import RunStopped
from cpuviz.core.runs.plan import Mode
from cpuviz.options import PAGES
from cpuviz.ui.bottom_pages import GIL_TAB, RUNS_TAB
from tests.conftest import LONG
from tests.run_ends import run_ends
from tests.ui.conftest import RUN_TIMEOUT_MS

needs_proc = pytest.mark.skipif(
    not thread_states_available(), reason="needs Linux's /proc thread states"
)


def start_threads_run(window, qtbot):
    with qtbot.waitSignal(
        window.controller.run_started,
        timeout=RUN_TIMEOUT_MS,
        check_params_cb=lambda plan: plan.mode is Mode.THREADS,
    ):
        window.start_run()


def stop(window, qtbot):
    with run_ends(qtbot, window.controller, RUN_TIMEOUT_MS, RunStopped):
        window.controller.stop()


@needs_proc
def test_threads_pass_the_gil_and_the_page_watches_only_while_shown(open_window, qtbot):
    window = open_window(mode=Mode.THREADS, workers=2, size=LONG)
    page = window.gil_page
    window.show_tab(GIL_TAB)
    start_threads_run(window, qtbot)
    assert window.controller.watching_gil
    qtbot.waitUntil(lambda: page.handoffs.text().startswith("The GIL changed hands"))
    qtbot.waitUntil(lambda: 0.2 < page.lanes.lit_share < 0.8)  # two lanes, lit in turn
    window.show_tab(RUNS_TAB)  # hidden: no sampling, no cost
    assert not window.controller.watching_gil
    window.show_tab(GIL_TAB)
    assert window.controller.watching_gil
    stop(window, qtbot)
    assert not window.controller.watching_gil  # no run, nothing to watch


@needs_proc
def test_slow_motion_makes_the_gil_change_hands_far_less_often(open_window, qtbot):
    window = open_window(mode=Mode.THREADS, workers=2, size=LONG)
    page = window.gil_page
    page.interval.setCurrentText("200 ms")  # each thread keeps the GIL up to 200 ms
    assert "200 ms" in window.status.caption.text()
    window.show_tab(GIL_TAB)
    seen = []
    window.controller.gil_slots.connect(seen.append)
    start_threads_run(window, qtbot)
    qtbot.wait(2000)
    figures = seen[-1].figures
    assert figures.handoffs_per_s <= 20  # about 5 a second, against about 200 at 5 ms
    assert figures.waiting_pct >= 35
    stop(window, qtbot)


def test_the_pages_are_in_the_order_snapshot_names_them(open_window, synthetic):
    window = open_window(source=synthetic)
    pages = [window.results, window.lanes, window.gil_page, window.speedup_chart, window.summary]
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


def test_a_cluster_run_says_why_the_gil_lanes_stay_dark(open_window, synthetic):
    """Dask's workers are processes of their own: the page says so, as no lane will light."""
    window = open_window(source=synthetic)
    window.gil_page.show_run(Mode.CLUSTER)
    assert "a GIL of its own" in window.gil_page.summary.text()
    window.gil_page.show_run(Mode.THREADS)  # the next run's lanes will say what they show
    assert window.gil_page.summary.text() == ""
