"""The per-core history under the bars keeps the run visible after it ends."""

import csv

import pytest

from cpuviz.core.runs.outcome import RunStopped
from cpuviz.core.runs.plan import Mode
from cpuviz.ui.export import save_runs
from tests.conftest import LONG
from tests.run_ends import run_ends
from tests.ui.conftest import RUN_TIMEOUT_MS, measure_baseline
from tests.ui.test_runs import press_start

# Every test here drives real worker processes from the window: the whole path.
pytestmark = pytest.mark.end_to_end


def test_the_history_shows_the_run_after_it_ended_and_saves_as_csv(
    open_window, qtbot, synthetic, tmp_path
):
    window = open_window(mode=Mode.PROCESSES, workers=3, size=LONG, source=synthetic)
    measure_baseline(window, qtbot, LONG)
    history = window.history
    assert history.core_count == 4
    with qtbot.waitSignal(
        window.controller.run_started,
        timeout=RUN_TIMEOUT_MS,
        check_params_cb=lambda plan: plan.mode is Mode.PROCESSES,
    ):
        press_start(window, qtbot)
    qtbot.waitUntil(lambda: history.newest_column() == [100, 100, 100, 2])
    with run_ends(qtbot, window.controller, RUN_TIMEOUT_MS, RunStopped):
        press_start(window, qtbot)  # Stop
    qtbot.waitUntil(lambda: history.newest_column() == [2, 2, 2, 2])

    runs = save_runs([], history.samples(), history.core_count, tmp_path)
    [samples] = tmp_path.glob("*-samples.csv")
    assert samples.name == runs.name.replace("-runs", "-samples")
    rows = list(csv.reader(samples.open(encoding="utf-8")))
    assert rows[0] == ["seconds_ago", "cpu0_pct", "cpu1_pct", "cpu2_pct", "cpu3_pct"]
    loads = [[float(value) for value in row[1:]] for row in rows[1:]]
    assert [100.0, 100.0, 100.0, 2.0] in loads  # the processes run, still in the history
    assert loads[-1] == [2.0] * 4 and float(rows[-1][0]) == 0.0
