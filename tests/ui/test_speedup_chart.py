"""The speedup chart: a bar per run, an Amdahl curve per mode, and Clear; the chart alone,
fed plain reports, and in the window, fed real runs."""

import numpy
import pyqtgraph as pg
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from cpuviz.core.runs.plan import Mode, RunPlan
from cpuviz.core.runs.results import RunReport, RunResult
from cpuviz.ui.bottom_pages import SPEEDUP_TAB
from cpuviz.ui.speedup_chart import SpeedupChart
from cpuviz.ui.theme import PROJECTOR
from tests.conftest import TINY
from tests.run_ends import run_ends
from tests.ui.conftest import RUN_TIMEOUT_MS


def report(mode, workers, speedup, cores=4):
    """A finished run of `workers` that took 1/`speedup` of its 1 s baseline."""
    result = RunResult(RunPlan(mode, workers, TINY), 1 / speedup, 7, TINY.chunks, 1.0, None)
    return RunReport(result, baseline_elapsed_s=1.0, cores=cores)


def amdahl_curve(chart, mode):
    """The dashed curve drawn in `mode`'s colour, as (workers, speedups)."""
    colour = QColor(chart._theme.mode_colour(mode)).name()
    items = chart.plot_widget.getPlotItem().listDataItems()
    pens = {item: item.opts["pen"] for item in items if isinstance(item, pg.PlotDataItem)}
    [curve] = [
        item
        for item, pen in pens.items()
        if pen.color().name() == colour and pen.style() == Qt.PenStyle.DashLine
    ]
    workers, speedups = curve.getData()
    return list(workers), list(speedups)


def speedup_at(curve, workers):
    """The curve's height at `workers`, read between its two nearest points (drawn 0.06
    workers apart, close enough that the straight line between them is within 0.001×)."""
    return float(numpy.interp(workers, *curve))


@pytest.fixture
def chart(qtbot):
    speedup_chart = SpeedupChart(PROJECTOR, cores=4)
    qtbot.addWidget(speedup_chart)
    return speedup_chart


def test_each_modes_curve_is_amdahls_law_through_its_latest_run(chart):
    """Processes × 2 at 1.6×: serial fraction (1/1.6 − 1/2) / (1 − 1/2) = 25 %, so Amdahl
    allows 1 / (0.25 + 0.75/4) = 2.29× on the 4 cores, and no more past them. Threads × 2 at
    1.0×: all serial, flat at 1×."""
    chart.add_report(report(Mode.PROCESSES, 2, 1.6))
    chart.add_report(report(Mode.THREADS, 2, 1.0))
    assert chart.amdahl == {Mode.PROCESSES: pytest.approx(0.25), Mode.THREADS: 1.0}
    processes = amdahl_curve(chart, Mode.PROCESSES)
    assert speedup_at(processes, 1) == pytest.approx(1.0)
    assert speedup_at(processes, 2) == pytest.approx(1.6, abs=1e-3)  # through the measured bar
    assert speedup_at(processes, 4) == pytest.approx(1 / (0.25 + 0.75 / 4), abs=1e-3)
    assert max(processes[1]) == pytest.approx(1 / (0.25 + 0.75 / 4))  # the cores run out
    assert all(speedup == pytest.approx(1.0) for speedup in amdahl_curve(chart, Mode.THREADS)[1])
    assert "Processes: 25% serial" in chart.legend.text()
    assert "Threads: 100% serial" in chart.legend.text()


def test_only_the_latest_run_of_a_mode_draws_its_curve_and_baselines_draw_none(chart):
    chart.add_report(report(Mode.PROCESSES, 2, 1.6))
    chart.add_report(report(Mode.PROCESSES, 4, 3.2))  # 1/3.2 = 0.3125: 8.3 % serial
    baseline = RunReport(report(Mode.SERIAL, 1, 1.0).result, 1.0, cores=4, is_baseline=True)
    chart.add_report(baseline)
    assert [r.result.plan.worker_count for r in chart.reports] == [2, 4]
    assert speedup_at(amdahl_curve(chart, Mode.PROCESSES), 4) == pytest.approx(3.2, abs=1e-3)
    chart.clear_runs()
    assert chart.amdahl == {} and chart.legend.text() == "— ideal  ┈ serial"


@pytest.mark.end_to_end
def test_runs_become_bars_with_amdahl_curves_and_clear_forgets_them(open_window, qtbot):
    window = open_window(mode=Mode.THREADS)
    for mode in (Mode.THREADS, Mode.PROCESSES):
        window.choose_mode(mode)
        window.start_run()
        qtbot.waitUntil(lambda: not window.controller.is_busy, timeout=RUN_TIMEOUT_MS)
    chart = window.speedup_chart
    assert [report.result.plan.mode for report in chart.reports] == [Mode.THREADS, Mode.PROCESSES]
    assert set(chart.amdahl) == {Mode.THREADS, Mode.PROCESSES}
    for measured in chart.reports:  # each curve goes through its run's bar, or as near as
        workers = measured.result.plan.worker_count  # a serial share of 0 … 100 % can come
        reachable = min(max(measured.speedup, 1.0), workers)
        curve = amdahl_curve(chart, measured.result.plan.mode)
        # abs: here the cores run out at `workers`, and the curve's corner there is cut by
        # the straight piece between its two nearest points.
        assert speedup_at(curve, workers) == pytest.approx(reachable, abs=0.01)
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
