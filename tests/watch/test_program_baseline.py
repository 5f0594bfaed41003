"""The presenter marks a program run as the baseline: the Runs table, fed plain reports.

The course's three scripts, run one after another in any order, read as the chapter's table
once the serial one is marked: 1.0×, ≈ 1.0×, ≈ N×.
"""

from __future__ import annotations

import pytest

from cpuviz.core.runs.plan import Mode
from cpuviz.core.watch.program_run import ProgramReport, program_plan, program_report
from cpuviz.core.watch.report import WatchReport
from cpuviz.ui.results import ResultsTable
from cpuviz.ui.theme import PROJECTOR


def program_run(script: str, elapsed_s: float, busy_cores: float, first_s: float | None):
    """A finished program run as the feed reports it, read against `first_s` (None: first)."""
    command = ("python", script)
    watch = WatchReport(
        command, True, False, elapsed_s, elapsed_s * busy_cores, busy_cores, (busy_cores, 0.0),
        elapsed_s * busy_cores, 0, f"Done in {elapsed_s} sec", "", (), (), "",
    )  # fmt: skip
    plan = program_plan(command, Mode.PROCESSES if busy_cores > 1.2 else Mode.THREADS, 2, 1)
    return program_report(watch, plan, 2, first_s)


@pytest.fixture
def table(qtbot):
    results = ResultsTable(PROJECTOR)
    qtbot.addWidget(results)
    return results


def test_marking_the_serial_run_reads_every_program_row_against_it(table, qtbot):
    pool = program_run("compute_pool.py", 5.3, 1.7, None)  # first: the default baseline
    threads = program_run("compute_threaded.py", 7.8, 1.0, 5.3)
    serial = program_run("compute_serial.py", 7.6, 1.0, 5.3)
    for report in (pool, threads, serial):
        table.add_report(report)
    assert [table.row_texts(row)[:4] for row in range(3)] == [
        ["Program", "compute_serial.py", "7.60 s", "0.70×"],
        ["Program", "compute_threaded.py", "7.80 s", "0.68×"],
        ["Program (baseline)", "compute_pool.py", "5.30 s", "1.00×"],
    ]
    with qtbot.waitSignal(table.program_baseline_chosen) as chosen:
        table.use_program_baseline(table.reports[2])
    assert chosen.args[0].result.elapsed_s == 7.6  # the feed reads the next runs against it
    assert [table.row_texts(row)[:4] for row in range(3)] == [
        ["Program (baseline)", "compute_serial.py", "7.60 s", "1.00×"],
        ["Program", "compute_threaded.py", "7.80 s", "0.97×"],
        ["Program", "compute_pool.py", "5.30 s", "1.43×"],
    ]
    assert all(isinstance(report, ProgramReport) for report in table.reports)
    assert "right-click" in table.item(0, 0).toolTip()
