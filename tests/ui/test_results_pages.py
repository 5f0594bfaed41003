"""The Runs table and the summary page alone, fed plain RunReports: what each row and cell
says, in the mode's colour, without a pool or a window."""

from dataclasses import replace

import pytest
from PySide6.QtGui import QColor

from cpuviz.core.runs.plan import Mode, RunPlan
from cpuviz.core.runs.results import RunReport, RunResult
from cpuviz.core.runs.runtime import detect_runtime
from cpuviz.core.system.pythons import PythonBuild
from cpuviz.core.work.code_check import check
from cpuviz.core.work.user_code import parse_work
from cpuviz.core.work.workloads import Workload
from cpuviz.ui.results import ResultsTable
from cpuviz.ui.summary import NOT_MEASURED, SummaryPage
from cpuviz.ui.theme import LIGHT, PROJECTOR
from tests.cli.conftest import PROJECT_ROOT
from tests.conftest import TINY


def finished(mode, workers, elapsed_s, *, workload=Workload.CPU, baseline_s=2.0, **measured):
    """A finished run of `mode` that took `elapsed_s` against a `baseline_s` serial run."""
    plan = RunPlan(mode, workers, TINY, workload=workload)
    measured.setdefault("busy_cores", None)
    result = RunResult(plan, elapsed_s, 7, TINY.chunks, elapsed_s * workers, **measured)
    return RunReport(result, baseline_s, cores=4, is_baseline=mode is Mode.SERIAL)


SERIAL = finished(Mode.SERIAL, 1, 2.0, busy_cores=1.0)
PROCESSES = finished(Mode.PROCESSES, 4, 0.625, busy_cores=3.9, startup_s=0.09, transfer_s=0.0)
THREADS = finished(Mode.THREADS, 2, 2.1)


@pytest.fixture
def table(qtbot):
    results = ResultsTable(PROJECTOR)
    qtbot.addWidget(results)
    return results


@pytest.fixture
def summary(qtbot):
    page = SummaryPage(PROJECTOR, detect_runtime())
    qtbot.addWidget(page)
    return page


def test_each_run_is_a_row_newest_on_top_with_its_figures(table):
    """Processes × 4 in 0.625 s against 2 s serial: 3.2×, 80 % of the ideal 4×."""
    for report in (SERIAL, PROCESSES, THREADS):
        table.add_report(report)
    assert table.reports == [SERIAL, PROCESSES, THREADS]  # oldest first, as exported
    assert [table.row_texts(row) for row in range(3)] == [
        ["Threads × 2", "CPU · tiny", "2.10 s", "0.95×", "2×", "–", "–"],
        ["Processes × 4", "CPU · tiny", "0.62 s", "3.20×", "4×", "3.9", "0.09 s · 0.00 s"],
        ["Serial (baseline)", "CPU · tiny", "2.00 s", "1.00×", "1×", "1.0", "–"],
    ]
    assert table.item(1, 4).toolTip().startswith("80% of the ideal 4×")
    colours = [table.item(row, 0).foreground().color() for row in range(3)]
    assert colours == [QColor(PROJECTOR.mode_colour(mode)) for mode in (Mode.THREADS,
                       Mode.PROCESSES, Mode.SERIAL)]  # fmt: skip


def test_once_two_pythons_ran_every_row_names_its_python(table):
    on_311, on_313 = (PythonBuild(version) for version in ("3.11.7", "3.13.0"))
    first = replace(
        THREADS, result=replace(THREADS.result, plan=replace(THREADS.result.plan, python=on_311))
    )
    table.add_report(first)
    assert table.row_texts(0)[0] == "Threads × 2"  # one Python: nothing to tell apart
    second = replace(
        first, result=replace(first.result, plan=replace(first.result.plan, python=on_313))
    )
    table.add_report(second)
    assert [table.row_texts(row)[0] for row in range(2)] == [
        "Threads × 2 · 3.13",
        "Threads × 2 · 3.11",
    ]


def test_a_theme_recolours_every_row_and_clear_empties_the_table(table):
    table.add_report(SERIAL)
    table.add_report(PROCESSES)
    table.set_theme(LIGHT)
    assert table.item(0, 0).foreground().color() == QColor(LIGHT.processes)
    assert table.item(1, 0).foreground().color() == QColor(LIGHT.serial)
    table.clear_reports()
    assert table.rowCount() == 0 and table.reports == []


def test_your_functions_row_names_the_calls_it_made(table):
    code = check(parse_work(str(PROJECT_ROOT / "examples/primes.py:count_primes"))).code
    plan = RunPlan(Mode.THREADS, 2, TINY, code=code)
    table.add_report(RunReport(RunResult(plan, 1.0, 3, TINY.chunks, 1.0, None), 1.0, cores=4))
    assert table.row_texts(0)[1] == f"count_primes(0…{TINY.chunks - 1})"


def test_the_summary_fills_the_cell_of_each_workload_and_mode_with_its_speedup(summary):
    assert summary.cell_text(Workload.CPU, Mode.PROCESSES) == NOT_MEASURED
    summary.add_report(PROCESSES)
    summary.add_report(finished(Mode.THREADS, 4, 0.5, workload=Workload.IO, busy_cores=0.1))
    assert summary.cell_text(Workload.CPU, Mode.PROCESSES) == "3.2×"
    assert summary.cell_text(Workload.IO, Mode.THREADS) == "4.0×"
    assert summary.cell_text(Workload.CPU, Mode.THREADS) == NOT_MEASURED
    cell = summary.table.item(list(Workload).index(Workload.CPU), 1)
    assert cell.toolTip() == "4 workers, tiny work" and cell.font().bold()
    summary.add_report(SERIAL)  # the yardstick has no column
    assert summary.cell_text(Workload.CPU, Mode.PROCESSES) == "3.2×"


def test_the_latest_run_of_a_cell_is_the_one_shown(summary):
    summary.add_report(PROCESSES)
    summary.add_report(finished(Mode.PROCESSES, 4, 1.0))
    assert summary.cell_text(Workload.CPU, Mode.PROCESSES) == "2.0×"
