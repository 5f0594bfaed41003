"""The summary page (every workload in every mode, filled by one button), the Pythons side
by side, and the bottom panel's keys."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from cpuviz.core.runs.availability import unavailable
from cpuviz.core.runs.plan import Mode, RunPlan
from cpuviz.core.runs.results import RunReport, RunResult
from cpuviz.core.runs.runtime import detect_runtime
from cpuviz.core.system.pythons import PythonBuild, PythonInfo
from cpuviz.core.watch.program_run import ProgramReport, program_plan
from cpuviz.core.work.workloads import Workload
from cpuviz.ui.bottom_pages import RUNS_TAB, SPEEDUP_TAB, SUMMARY_TAB, WORKERS_TAB
from cpuviz.ui.summary import NOT_MEASURED, SUMMARY_MODES, SummaryPage
from cpuviz.ui.theme import PROJECTOR
from tests.conftest import TINY
from tests.run_ends import collect_reports
from tests.ui.conftest import RUN_TIMEOUT_MS


@pytest.mark.end_to_end
def test_run_every_mode_fills_the_summary_and_greys_what_this_python_lacks(open_window, qtbot):
    window = open_window(mode=Mode.THREADS)
    reports = collect_reports(window.controller)
    assert window.summary.cell_text(Workload.IO, Mode.THREADS) == NOT_MEASURED
    qtbot.mouseClick(window.summary.fill, Qt.MouseButton.LeftButton)
    assert window.tabs.currentIndex() == SUMMARY_TAB
    qtbot.waitUntil(lambda: not window.controller.is_busy, timeout=RUN_TIMEOUT_MS)
    for workload in Workload:
        for mode in SUMMARY_MODES:
            why_not = unavailable(mode, workload, window.runtime)
            text = window.summary.cell_text(workload, mode)
            assert text.endswith("×") if why_not is None else text == why_not.short
    # One serial baseline per workload, then each mode once; each with the serial answer.
    baselines = [report.result.plan.workload for report in reports if report.is_baseline]
    assert baselines == list(Workload)
    for report in reports:
        plan = report.result.plan
        serial = next(
            r for r in reports if r.is_baseline and r.result.plan.workload is plan.workload
        )
        assert report.result.checksum == serial.result.checksum


@pytest.mark.parametrize(
    ("key", "tab"),
    [
        (Qt.Key.Key_M, SUMMARY_TAB),
        (Qt.Key.Key_W, WORKERS_TAB),
        (Qt.Key.Key_C, SPEEDUP_TAB),
    ],
)
def test_each_page_has_a_key_and_pressing_it_again_goes_back_to_the_runs(
    shared_window, qtbot, key, tab
):
    window = shared_window
    assert window.tabs.currentIndex() == RUNS_TAB
    qtbot.keyClick(window, key)
    assert window.tabs.currentIndex() == tab
    qtbot.keyClick(window, key)
    assert window.tabs.currentIndex() == RUNS_TAB
    qtbot.keyClick(window, key)
    qtbot.keyClick(window, Qt.Key.Key_R)
    assert window.tabs.currentIndex() == RUNS_TAB


PY311, PY313 = PythonBuild("3.11.7"), PythonBuild("3.13.0")
PY314T = PythonBuild("3.14.0", free_threaded_build=True, gil_enabled=False)


def on(python, mode, speedup, workload=Workload.CPU):
    """A run of 2 workers on `python` at `speedup` against its own 1 s serial baseline."""
    plan = RunPlan(mode, 2, TINY, workload=workload, python=python)
    return RunReport(RunResult(plan, 1 / speedup, 7, TINY.chunks, 1.0, None), 1.0, cores=2)


def fed(qtbot, *reports):
    """The summary page alone, fed `reports` as the window feeds it finished runs."""
    page = SummaryPage(PROJECTOR, detect_runtime())
    qtbot.addWidget(page)
    for report in reports:
        page.add_report(report)
    return page


def test_threads_on_each_python_stand_side_by_side_once_two_pythons_ran_them(qtbot):
    """The GIL's history on one slide: threads on 3.11 and 3.13 take turns, on 3.14t (its
    free-threaded mode) they fill both cores; processes, and work run on one Python, add
    no line."""
    summary = fed(
        qtbot,
        on(PY311, Mode.THREADS, 1.02),
        on(PY311, Mode.PROCESSES, 1.9),
        on(PY311, Mode.THREADS, 4.0, Workload.IO),
    )
    assert summary.pythons.isHidden()
    summary.add_report(on(PY313, Mode.THREADS, 0.98))
    summary.add_report(on(PY314T, Mode.FREE_THREADED, 1.9))
    assert not summary.pythons.isHidden()
    assert summary.pythons.text() == "CPU: threads on 3.11: 1.0×, on 3.13: 1.0×, on 3.14t: 1.9×"
    assert (
        "on CPython 3.14.0t, GIL off" in summary._item(Workload.CPU, Mode.FREE_THREADED).toolTip()
    )
    summary.add_report(on(PythonBuild("3.13.1"), Mode.THREADS, 1.1))  # two 3.13s: named whole
    assert summary.pythons.text().endswith("on 3.13.0: 1.0×, on 3.14.0t: 1.9×, on 3.13.1: 1.1×")


def test_a_watched_program_s_run_is_no_cell_of_the_summary(qtbot):
    """`cpuviz run -- CMD` colours its run as threads, with the CPU workload's default: it is
    still no threads run of the CPU workload, and stays in Runs only."""
    plan = program_plan(["python3", "busy.py"], Mode.THREADS, 2, run_id=1)
    result = RunResult(plan, 2.0, 0, 0, 2.0, 1.0)
    summary = fed(qtbot, ProgramReport(result, 1.0, cores=2, line="2 busy threads"))
    assert summary.cell_text(Workload.CPU, Mode.THREADS) == NOT_MEASURED


def test_a_python_chosen_later_ungreys_what_it_offers_and_keeps_what_was_measured(qtbot):
    """On the window's 3.11 interpreters are greyed; with the workers on 3.13 they are to be
    measured, in the table's own colour, while the threads figure measured before stays."""
    summary = fed(qtbot, on(PY311, Mode.THREADS, 1.02))
    if detect_runtime().subinterpreters_missing is None:
        pytest.skip("the tests run on a Python with subinterpreters: nothing is greyed")
    assert summary.cell_text(Workload.CPU, Mode.INTERPRETERS) == "needs 3.12+"
    summary.use_runtime(detect_runtime(PythonInfo("/opt/python3.13", "3.13.0")))
    cell = summary._item(Workload.CPU, Mode.INTERPRETERS)
    assert (cell.text(), cell.toolTip()) == (NOT_MEASURED, "")
    assert cell.foreground().color() != QColor(PROJECTOR.muted)
    assert summary.cell_text(Workload.CPU, Mode.THREADS) == "1.0×"
    assert summary.cell_text(Workload.CPU, Mode.FREE_THREADED) != NOT_MEASURED  # still greyed
