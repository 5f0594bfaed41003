"""Saving what the audience saw, from plain reports and samples: the numbers as the reports
have them, and a save never written over an earlier one."""

import csv

from PySide6.QtWidgets import QLabel

from cpuviz.core.runs.plan import Mode, RunPlan
from cpuviz.core.runs.results import RunReport, RunResult
from cpuviz.core.sampling.sources import CpuSample
from cpuviz.ui.export import save_picture, save_runs
from tests.conftest import TINY

SERIAL = RunResult(RunPlan(Mode.SERIAL, 1, TINY, 1), 2.0, 77, TINY.chunks, 1.98, 1.01)
PROCESSES = RunResult(
    RunPlan(Mode.PROCESSES, 4, TINY, 2), 0.8, 77, TINY.chunks, 3.1, 3.9, startup_s=0.25,
    transfer_s=0.125,
)  # fmt: skip
REPORTS = [
    RunReport(SERIAL, 2.0, cores=4, is_baseline=True),
    RunReport(PROCESSES, 2.0, cores=4),
]
SAMPLES = [CpuSample((10.0, 20.0), 100.0), CpuSample((30.0, 40.5), 100.5)]


def rows_of(path):
    with path.open(encoding="utf-8") as file:
        return list(csv.DictReader(file))


def test_the_runs_csv_holds_each_reports_numbers(tmp_path):
    """Speedup 2.0 / 0.8 = 2.5 on 4 workers: efficiency 0.625."""
    rows = rows_of(save_runs(REPORTS, SAMPLES, 2, tmp_path))
    assert rows[0] == {
        "workload": "cpu", "mode": "serial", "workers": "1", "size": "tiny",
        "elapsed_s": "2.0000", "speedup": "1.000", "efficiency": "1.000",
        "busy_cores": "1.010", "cpu_s": "1.9800", "checksum": "77", "baseline": "True",
        "startup_s": "", "transfer_s": "",
    }  # fmt: skip
    processes = rows[1]
    assert (processes["mode"], processes["workers"], processes["baseline"]) == (
        "processes",
        "4",
        "False",
    )
    assert (processes["speedup"], processes["efficiency"]) == ("2.500", "0.625")
    assert (processes["startup_s"], processes["transfer_s"]) == ("0.2500", "0.1250")


def test_the_samples_csv_times_each_sample_before_the_newest(tmp_path):
    runs = save_runs([], SAMPLES, 2, tmp_path)
    samples = runs.with_name(runs.name.replace("-runs", "-samples"))
    with samples.open(encoding="utf-8") as file:
        assert list(csv.reader(file)) == [
            ["seconds_ago", "cpu0_pct", "cpu1_pct"],
            ["0.500", "10.0", "20.0"],
            ["0.000", "30.0", "40.5"],
        ]


def test_two_saves_in_one_second_are_two_files(qtbot, tmp_path):
    """A presenter pressing Ctrl+E twice keeps both: names go by the second, and a second
    save within it must not replace the first."""
    first = save_runs(REPORTS[:1], SAMPLES, 2, tmp_path)
    second = save_runs(REPORTS, SAMPLES, 2, tmp_path)
    assert first != second
    assert [len(rows_of(path)) for path in (first, second)] == [1, 2]
    assert len(list(tmp_path.glob("cpuviz-*-samples.csv"))) == 2
    label = QLabel("a picture")
    qtbot.addWidget(label)
    pictures = {save_picture(label, tmp_path) for _ in range(2)}
    assert len(pictures) == 2 and all(path.stat().st_size > 0 for path in pictures)
