"""The summary page (every workload in every mode, filled by one button) and the bottom
panel's keys."""

import pytest
from PySide6.QtCore import Qt

from cpuviz.core.runs.availability import unavailable
from cpuviz.core.runs.plan import Mode
from cpuviz.core.work.workloads import Workload
from cpuviz.ui.bottom_pages import RUNS_TAB, SPEEDUP_TAB, SUMMARY_TAB, WORKERS_TAB
from cpuviz.ui.summary import NOT_MEASURED, SUMMARY_MODES
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
