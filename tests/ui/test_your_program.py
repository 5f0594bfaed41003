"""Your own program, picked in the app's own window (key O): it runs with the workers' Python,
watched as `cpuviz run` watches it, its row among the app's runs; a mode key goes back to them.

The file picker and the arguments box are answered as the presenter would, without a dialog
to wait on; the programs are tests/watch/programs', run for real from a copy of their folder:
the watched-programs tests, which may run beside these, look for theirs by path.
"""

from __future__ import annotations

import os
import shutil
import sys

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog

from cpuviz.core.runs.outcome import RunStopped
from cpuviz.core.runs.plan import Mode
from cpuviz.core.watch.program_run import ProgramReport
from cpuviz.ui.program_picker import PickedProgram
from cpuviz.ui.settings import keep_program, recall_program
from tests.conftest import TINY, wait_until_gone
from tests.run_ends import run_ends
from tests.ui.conftest import RUN_TIMEOUT_MS
from tests.watch.watching import PROGRAMS

pytestmark = pytest.mark.skipif(not os.path.isdir("/proc"), reason="the lanes read /proc")


@pytest.fixture(scope="module")
def programs(tmp_path_factory):
    """A copy of tests/watch/programs."""
    return shutil.copytree(PROGRAMS, tmp_path_factory.mktemp("mine") / "programs")


@pytest.fixture
def answers(monkeypatch):
    """answers(path, arguments): what the file picker and the arguments box say next; what
    the arguments box was offered is kept."""
    offered: list[str] = []

    def answer(path, arguments: str | None = "") -> list[str]:
        monkeypatch.setattr(
            QFileDialog, "getOpenFileName", lambda *_args: (str(path), "Python files (*.py)")
        )

        def type_arguments(_parent, _title, _label, _echo, last):
            offered.append(last)
            return ("", False) if arguments is None else (arguments, True)

        monkeypatch.setattr(QInputDialog, "getText", type_arguments)
        return offered

    return answer


def caption(window) -> str:
    return window.status.caption.text()


def test_a_program_picked_runs_again_on_start_and_a_mode_key_goes_back(
    shared_window, qtbot, answers, programs
):
    window = shared_window
    offered = answers(programs / "serial_loop.py", "0.3")
    with run_ends(qtbot, window.controller, RUN_TIMEOUT_MS) as first:
        qtbot.keyClick(window, Qt.Key.Key_O)
        assert window.controller.is_busy and window.controls.start_stop.text() == "Stop"
    report = first.report
    assert isinstance(report, ProgramReport)
    assert report.result.plan.mode is Mode.THREADS  # one busy process: threads' colour
    assert report.watch.command[:2] == (sys.executable, str(programs / "serial_loop.py"))
    assert report.watch.exit_code == 0 and report.is_baseline
    assert window.results.row_texts(0)[:2] == ["Program (baseline)", "serial_loop.py 0.3"]
    # The program's own plain line, after (in place of) the narration of the app's runs.
    assert caption(window).startswith("1 busy thread in 1 process kept")

    with run_ends(qtbot, window.controller, RUN_TIMEOUT_MS) as again:
        window.start_run()  # Start runs the program again, read against the first
    assert isinstance(again.report, ProgramReport) and not again.report.is_baseline
    assert window.results.rowCount() == 2

    answers(programs / "crashing.py", "")  # the arguments box offers the last ones
    with run_ends(qtbot, window.controller, RUN_TIMEOUT_MS) as crashed:
        qtbot.keyClick(window, Qt.Key.Key_O)
    assert offered == ["", "0.3"]
    assert crashed.report.watch.exit_code == 1
    rows = [window.results.row_texts(row) for row in range(window.results.rowCount())]
    assert next(row for row in rows if row[1] == "crashing.py")[-1].startswith("exit 1")

    qtbot.keyClick(window, Qt.Key.Key_T)  # a mode: the app's own runs again
    assert window.controller.shown is window.controller.own
    with run_ends(qtbot, window.controller, RUN_TIMEOUT_MS, mode=Mode.THREADS) as threads:
        window.start_run()
    assert threads.report.result.chunks_done == TINY.chunks
    assert window.results.rowCount() >= 4  # the program rows stay; serial first, maybe


def test_stop_ends_the_program_and_the_window_stays_usable(shared_window, qtbot, answers, programs):
    window = shared_window
    answers(programs / "serial_loop.py", "60")
    qtbot.keyClick(window, Qt.Key.Key_O)
    program = set(window.controller.worker_pids())
    assert program
    with run_ends(qtbot, window.controller, RUN_TIMEOUT_MS, RunStopped):
        qtbot.keyClick(window, Qt.Key.Key_Space)
    assert wait_until_gone(program) == set()
    qtbot.keyClick(window, Qt.Key.Key_P)
    assert window.controller.shown is window.controller.own
    assert window.controls.mode is Mode.PROCESSES


def test_what_is_not_a_program_is_one_line_and_nothing_runs(
    shared_window, qtbot, answers, tmp_path
):
    window = shared_window
    (tmp_path / "notes.txt").write_text("print('hello')\n")
    for name, said in (("notes.txt", "is not a .py file"), ("gone.py", "is not a file")):
        answers(tmp_path / name, "")
        qtbot.keyClick(window, Qt.Key.Key_O)
        assert said in caption(window) and name in caption(window)
        assert not window.controller.is_busy and window.controller.shown is window.controller.own


def test_arguments_that_do_not_parse_are_one_line(shared_window, qtbot, answers, programs):
    window = shared_window
    answers(programs / "serial_loop.py", "'unclosed")
    qtbot.keyClick(window, Qt.Key.Key_O)
    assert "No closing quotation" in caption(window)
    assert not window.controller.is_busy


def test_the_last_program_and_its_arguments_are_remembered(tmp_path):
    """Offered again at the next launch (the arguments box's text), never run for it."""
    file = str(tmp_path / "settings.ini")
    store = QSettings(file, QSettings.Format.IniFormat)
    assert recall_program(store) is None
    keep_program(store, PickedProgram("/course/pool.py", "4 --fast"))
    store.sync()
    again = QSettings(file, QSettings.Format.IniFormat)
    assert recall_program(again) == PickedProgram("/course/pool.py", "4 --fast")
