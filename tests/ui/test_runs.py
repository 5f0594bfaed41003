"""Start, Stop and what the window shows of runs that finish, stop or fail."""

import os

import psutil
import pytest
from PySide6.QtCore import Qt

from cpuviz.core.runs.availability import unavailable
from cpuviz.core.runs.messages import Fault
from cpuviz.core.runs.outcome import RunFailed, RunStopped
from cpuviz.core.runs.plan import Mode
from cpuviz.core.work.workloads import Workload
from tests.conftest import LONG, TINY
from tests.run_ends import collect_reports, run_ends
from tests.ui.conftest import RUN_TIMEOUT_MS, TINY_CHECKSUM, measure_baseline

# Every test here drives real worker processes from the window: the whole path.
pytestmark = pytest.mark.end_to_end


def press_start(window, qtbot):
    qtbot.mouseClick(window.controls.start_stop, Qt.MouseButton.LeftButton)


def test_a_threads_run_measures_the_serial_baseline_first_then_adds_its_row(open_window, qtbot):
    window = open_window(mode=Mode.THREADS)
    reports = collect_reports(window.controller)
    press_start(window, qtbot)
    qtbot.waitUntil(lambda: len(reports) == 2, timeout=RUN_TIMEOUT_MS)
    assert [report.is_baseline for report in reports] == [True, False]
    assert window.results.rowCount() == 2
    newest, baseline = window.results.row_texts(0), window.results.row_texts(1)
    assert newest[:2] == ["Threads × 2", "CPU · tiny"]
    assert baseline[:2] == ["Serial (baseline)", "CPU · tiny"]
    assert newest[3].endswith("×") and baseline[3] == "1.00×"
    assert newest[-1] == baseline[-1] == "–"  # threads hide no process costs
    assert reports[1].result.checksum == TINY_CHECKSUM
    assert window.status.caption.text().startswith("Threads:")
    assert window.controls.start_stop.text() == "Start"


def test_each_mode_completes_with_a_row_and_the_same_answer(open_window, qtbot):
    window = open_window(mode=Mode.SERIAL)
    checksums = []
    for mode in (Mode.SERIAL, Mode.THREADS, Mode.PROCESSES):
        window.choose_mode(mode)
        with run_ends(qtbot, window.controller, RUN_TIMEOUT_MS) as finished:
            qtbot.keyClick(window, Qt.Key.Key_Space)
        checksums.append(finished.report.result.checksum)
        assert window.results.row_texts(0)[0].startswith(mode.title)
    assert window.results.rowCount() == 3  # serial measured once, reused as the baseline
    assert len(set(checksums)) == 1


@pytest.mark.parametrize("mode", [Mode.INTERPRETERS, Mode.FREE_THREADED])
def test_the_modes_some_pythons_lack_run_here_or_say_why_not(shared_window, qtbot, mode):
    """Subinterpreters (3.12+) and free threading (a 3.13t build) run from the window like
    any mode where this Python has them; where it lacks them the button is greyed with the
    reason, and so is this test, with the same reason."""
    window = shared_window
    why_not = unavailable(mode, Workload.CPU, window.runtime)
    if why_not is not None:
        assert window.controls.mode_toggle.reason(mode) == why_not.reason
        pytest.skip(f"{mode.title}: {why_not.reason}")
    window.choose_mode(mode)
    assert window.controls.mode is mode
    with run_ends(qtbot, window.controller, RUN_TIMEOUT_MS, mode=mode) as finished:
        press_start(window, qtbot)
    assert finished.report.result.checksum == TINY_CHECKSUM
    assert window.results.row_texts(0)[0] == f"{mode.title} × 2"


def test_start_lights_the_cores_of_the_workers(open_window, qtbot, synthetic):
    window = open_window(mode=Mode.PROCESSES, workers=3, size=LONG, source=synthetic)
    measure_baseline(window, qtbot, LONG)
    graphs = window.core_view.graphs  # what each core's graph says: "CPU 0  100%"
    qtbot.waitUntil(lambda: graphs.current_pct() == [2] * 4)
    with qtbot.waitSignal(
        window.controller.run_started,
        timeout=RUN_TIMEOUT_MS,
        check_params_cb=lambda plan: plan.mode is Mode.PROCESSES,
    ):
        press_start(window, qtbot)
    assert window.status.caption.text().startswith("Watch: each process has its own GIL")
    qtbot.waitUntil(lambda: graphs.current_pct() == [100, 100, 100, 2])
    assert window.readout.busy.text() == "3.02"
    window.toggle_core_view()  # B: the bars say the same
    qtbot.waitUntil(lambda: window.bars.label_texts() == ["100%"] * 3 + ["2%"])
    with run_ends(qtbot, window.controller, RUN_TIMEOUT_MS, RunStopped):
        press_start(window, qtbot)  # the same button now says Stop
    qtbot.waitUntil(lambda: window.bars.label_texts() == ["2%"] * 4)
    assert graphs.current_pct() == [2] * 4


def test_stop_ends_the_run_and_the_next_start_works(open_window, qtbot):
    window = open_window(mode=Mode.PROCESSES, size=LONG)
    with qtbot.waitSignal(window.controller.run_started, timeout=RUN_TIMEOUT_MS):
        press_start(window, qtbot)  # LONG has no baseline yet: serial runs first
    assert window.controls.start_stop.text() == "Stop"
    with run_ends(qtbot, window.controller, RUN_TIMEOUT_MS, RunStopped):
        qtbot.keyClick(window, Qt.Key.Key_Space)
    assert window.results.rowCount() == 0
    assert "Stopped" in window.status.caption.text()
    window.controls.size.setCurrentText("small")  # a preset, so the next run is short
    qtbot.waitUntil(window.controls.start_stop.isEnabled, timeout=RUN_TIMEOUT_MS)
    reports = collect_reports(window.controller)
    press_start(window, qtbot)
    qtbot.waitUntil(lambda: len(reports) == 2, timeout=RUN_TIMEOUT_MS)
    assert window.results.rowCount() == 2


def test_a_crashing_worker_shows_an_error_and_the_app_stays_usable(open_window, qtbot):
    window = open_window(mode=Mode.PROCESSES)
    controller = window.controller
    with run_ends(qtbot, controller, RUN_TIMEOUT_MS, RunFailed) as failed:
        controller.own.start(Mode.PROCESSES, 2, TINY, fault=Fault.RAISE)
    assert failed.reason.startswith("worker 0 failed: InjectedFaultError")
    assert window.status.caption.text().startswith("Run failed: worker 0 failed")
    qtbot.waitUntil(lambda: window.controls.start_stop.text() == "Start")
    with run_ends(qtbot, controller, RUN_TIMEOUT_MS):
        press_start(window, qtbot)
    assert window.results.row_texts(0)[0] == "Processes × 2"


def test_a_worker_killed_with_signal_9_is_reported_and_replaced(open_window, qtbot):
    window = open_window(mode=Mode.PROCESSES)
    controller = window.controller
    with run_ends(qtbot, controller, RUN_TIMEOUT_MS, RunFailed) as failed:
        controller.own.start(Mode.PROCESSES, 2, TINY, fault=Fault.KILL9)
    assert "died: killed by signal 9" in failed.reason
    qtbot.waitUntil(lambda: window.controls.start_stop.isEnabled() and not controller.is_busy)
    with run_ends(qtbot, controller, RUN_TIMEOUT_MS):
        press_start(window, qtbot)


def test_losing_the_worker_manager_is_one_line_and_closing_leaves_no_process(open_window, qtbot):
    """The Manager process carries every worker's messages; killed (by the OOM killer, say),
    the window says so in one line, and closing still takes every process with it."""
    window = open_window(mode=Mode.THREADS)
    manager = psutil.Process(window.controller.own._pool._manager._process.pid)
    assert manager.pid not in window.controller.worker_pids() and manager.ppid() == os.getpid()
    with run_ends(qtbot, window.controller, RUN_TIMEOUT_MS, RunFailed) as failed:
        manager.kill()
    assert failed.reason.startswith("lost contact with the worker manager")
    caption = window.status.caption.text()
    assert caption.startswith("Run failed: lost contact with the worker manager")
    assert "\n" not in caption and window.status.caption.property("tone") == "error"
