"""The speedup chart: a bar per run, an Amdahl curve per mode, and Clear."""

from PySide6.QtCore import Qt

from cpuviz.core.runs.plan import Mode
from cpuviz.ui.bottom_pages import SPEEDUP_TAB
from tests.run_ends import run_ends
from tests.ui.conftest import RUN_TIMEOUT_MS


def test_runs_become_bars_with_amdahl_curves_and_clear_forgets_them(open_window, qtbot):
    window = open_window(mode=Mode.THREADS)
    for mode in (Mode.THREADS, Mode.PROCESSES):
        window.choose_mode(mode)
        window.start_run()
        qtbot.waitUntil(lambda: not window.controller.is_busy, timeout=RUN_TIMEOUT_MS)
    chart = window.speedup_chart
    assert [report.result.plan.mode for report in chart.reports] == [Mode.THREADS, Mode.PROCESSES]
    assert set(chart.amdahl) == {Mode.THREADS, Mode.PROCESSES}
    assert all(0.0 <= serial <= 1.0 for serial in chart.amdahl.values())
    assert "Threads:" in chart.legend.text() and "Processes:" in chart.legend.text()
    assert window.results.rowCount() == 3  # the baseline is a row, not a bar

    qtbot.keyClick(window, Qt.Key.Key_C)
    assert window.tabs.currentIndex() == SPEEDUP_TAB
    qtbot.mouseClick(chart.clear, Qt.MouseButton.LeftButton)
    assert chart.reports == [] and chart.amdahl == {}
    assert window.results.rowCount() == 0
    assert window.status.caption.text().startswith("Cleared the runs")
    # The baseline is kept: the next run compares at once, without measuring serial again.
    with run_ends(qtbot, window.controller, RUN_TIMEOUT_MS) as finished:
        window.start_run()
    assert not finished.report.is_baseline and finished.report.speedup is not None
