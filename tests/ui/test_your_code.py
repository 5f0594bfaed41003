"""Your own function in the window: it runs in place of the workload, in the modes it can."""

import psutil
import pytest
from PySide6.QtCore import Qt

from cpuviz.core.runs.outcome import RunStopped
from cpuviz.core.runs.plan import Mode, chunks_of_code
from cpuviz.core.work.code_check import check
from cpuviz.core.work.user_code import parse_work
from cpuviz.core.work.workloads import Workload
from tests.cli.conftest import PROJECT_ROOT
from tests.conftest import TINY, wait_until_gone
from tests.run_ends import run_ends
from tests.ui.conftest import RUN_TIMEOUT_MS, TINY_CHECKSUM, picking

MINE = """def crunch(chunk):
    return sum(range(20_000 + chunk))


async def later(chunk):
    return chunk
"""


@pytest.mark.end_to_end
def test_your_function_runs_and_its_row_names_it(open_window, qtbot, tmp_path):
    (tmp_path / "mine.py").write_text(MINE)
    code = check(parse_work(f"{tmp_path / 'mine.py'}:crunch"))
    window = open_window(mode=Mode.THREADS)
    window.use_code(code, chunks=16)
    controls = window.controls
    assert controls._code_label.text() == "crunch()"
    assert str(tmp_path / "mine.py") in controls._code_label.toolTip()
    assert not controls.workload_toggle.isVisible()
    assert controls.work_size == chunks_of_code(16)
    # A plain def cannot be an asyncio task: that mode is greyed, with the reason.
    assert "crunch is a plain def" in controls.mode_toggle.reason(Mode.ASYNCIO)
    with run_ends(qtbot, window.controller, RUN_TIMEOUT_MS) as finished:
        window.start_run()
    qtbot.waitUntil(lambda: window.results.rowCount() == 2, timeout=RUN_TIMEOUT_MS)
    result = finished.report.result
    assert result.plan.code == code.code and result.chunks_done == 16
    work = {window.results.row_texts(row)[1] for row in range(window.results.rowCount())}
    assert work == {"crunch(0…15)"}  # the baseline and the threads run, both yours

    qtbot.keyClick(window, Qt.Key.Key_2)  # a workload key: back to the built-in workloads
    assert window.choices.code is None and controls.workload_toggle.isVisible()
    assert controls.workload is Workload.IO
    assert controls.work_size == TINY  # the amount of work chosen before


def test_the_picker_lists_the_functions_and_checks_the_choice(shared_window, qtbot, tmp_path):
    """Y opens the file picker, then a list of the file's functions; the choice is checked
    in a process of its own while the window stays live."""
    (tmp_path / "mine.py").write_text(MINE)
    window = shared_window
    with picking(tmp_path / "mine.py", function=1) as picker:
        qtbot.keyClick(window, Qt.Key.Key_Y)
    assert picker.offered == ["crunch   (line 1)", "later   (async, line 5)"]
    qtbot.waitUntil(lambda: window.choices.code is not None, timeout=RUN_TIMEOUT_MS)
    assert window.choices.code.code.function == "later" and window.choices.code.is_async
    assert window.controls.mode_toggle.reason(Mode.ASYNCIO) is None  # async: asyncio can run it
    assert window.choices.code_file == str((tmp_path / "mine.py").resolve())


def test_a_file_that_fails_to_import_says_so_in_the_window(shared_window, qtbot, tmp_path):
    (tmp_path / "broken.py").write_text(
        "import no_such_module_here\n\ndef f(chunk):\n    return 1\n"
    )
    window = shared_window
    window.choices.code_checker.check(parse_work(f"{tmp_path / 'broken.py'}:f"))
    qtbot.waitUntil(
        lambda: "importing broken.py failed" in window.status.caption.text(),
        timeout=RUN_TIMEOUT_MS,
    )
    assert window.choices.code is None  # the window goes on with the built-in workloads


@pytest.mark.end_to_end
def test_process_mode_shows_its_hidden_costs(open_window, qtbot):
    """Starting the processes (before Start) and moving their results: in the Runs table,
    the caption, and hatched in the lanes."""
    code = check(parse_work(str(PROJECT_ROOT / "examples/big_results.py:rotate")))
    window = open_window(mode=Mode.PROCESSES)
    window.use_code(code, chunks=32)
    window.start_run()
    qtbot.waitUntil(lambda: window.results.rowCount() == 2, timeout=RUN_TIMEOUT_MS)
    result = window.results.reports[-1].result  # after the serial baseline
    assert result.plan.mode is Mode.PROCESSES
    assert result.startup_s > 0 and result.transfer_s > 0
    start, moving = window.results.row_texts(0)[-1].split(" · ")
    assert start == f"{result.startup_s:.2f} s" and moving == f"{result.transfer_s:.2f} s"
    canvas = window.lanes.canvas
    assert canvas.startup_s == result.startup_s and canvas.moving_s > 0
    assert "▩ moving" in window.lanes.summary.text()


@pytest.mark.end_to_end
def test_a_function_that_never_returns_is_ended_by_stop(open_window, qtbot, tmp_path):
    """Workers are asked to stop between chunks; one stuck inside yours is ended after the
    grace, its process replaced, and the window is ready for the next run."""
    (tmp_path / "stuck.py").write_text("def forever(chunk):\n    while True:\n        pass\n")
    window = open_window(mode=Mode.THREADS)
    window.use_code(check(parse_work(f"{tmp_path / 'stuck.py'}:forever")))
    [stuck_host] = window.controller.worker_pids()[:1]
    host = psutil.Process(stuck_host)
    with qtbot.waitSignal(window.controller.run_started, timeout=RUN_TIMEOUT_MS):
        window.start_run()
    # Stuck for real: the host burns CPU inside forever() (its start-up is long over).
    started_s = host.cpu_times().user
    qtbot.waitUntil(lambda: host.cpu_times().user > started_s + 0.3, timeout=RUN_TIMEOUT_MS)
    with run_ends(qtbot, window.controller, RUN_TIMEOUT_MS, RunStopped):
        window.controller.stop()
    assert stuck_host not in window.controller.worker_pids()  # replaced by a new host
    # Killed: gone once the kernel has let it die (at idle priority, on a busy machine, that
    # takes a moment).
    assert wait_until_gone({stuck_host}, timeout_s=RUN_TIMEOUT_MS / 1000) == set()
    qtbot.waitUntil(lambda: window.controls.start_stop.text() == "Start", timeout=RUN_TIMEOUT_MS)
    qtbot.keyClick(window, Qt.Key.Key_1)  # the built-in work again, on the new host
    qtbot.waitUntil(window.controls.start_stop.isEnabled, timeout=RUN_TIMEOUT_MS)
    with run_ends(qtbot, window.controller, RUN_TIMEOUT_MS, mode=Mode.THREADS) as finished:
        window.start_run()
    assert finished.report.result.checksum == TINY_CHECKSUM
