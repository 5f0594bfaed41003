"""The Code page, built from plain data: the right code, highlighted, changes marked, saved."""

import pytest
from PySide6.QtWidgets import QApplication

from cpuviz.core.runs.plan import Mode
from cpuviz.core.stdlib_code.work import ShownWork
from cpuviz.core.work.user_code import parse_work
from cpuviz.core.work.workloads import Workload
from cpuviz.ui.code_page import CodePage
from cpuviz.ui.theme import LIGHT, PROJECTOR
from tests.take_home import run_take_home


@pytest.fixture
def page(qtbot):
    QApplication.instance().setStyleSheet(PROJECTOR.style_sheet())
    code_page = CodePage(PROJECTOR)
    qtbot.addWidget(code_page)
    code_page.resize(1024, 768)
    code_page.show()
    return code_page


@pytest.mark.parametrize(
    ("mode", "workload", "expected"),
    [
        (Mode.SERIAL, Workload.CPU, "for i in range(CHUNKS)"),
        (Mode.THREADS, Workload.CPU, "threading.Thread("),
        (Mode.PROCESSES, Workload.NATIVE, "def native_chunk("),
        (Mode.ASYNCIO, Workload.IO, "await asyncio.sleep(io_wait_s(ITERATIONS))"),
        (Mode.INTERPRETERS, Workload.CPU, "InterpreterPoolExecutor(WORKERS)"),
        (Mode.FREE_THREADED, Workload.CPU, "free-threaded Python"),
        (Mode.CLUSTER, Workload.DATA, "client.gather("),
    ],
)
def test_shows_each_modes_code_for_the_work(page, mode, workload, expected):
    page.show_code(mode, ShownWork(workload, chunks=40), 3)
    assert expected in page.code
    assert "CHUNKS, WORKERS, ITERATIONS = 40, 3" in page.code or mode is Mode.SERIAL
    assert page.title.text().startswith(mode.title)


def test_your_code_is_shown_as_your_function(page):
    page.show_code(Mode.PROCESSES, ShownWork(code=parse_work("examples/primes.py:count_primes")), 2)
    assert "from primes import count_primes" in page.code


def test_code_is_highlighted(page):
    page.show_code(Mode.THREADS, ShownWork(), 2)
    block = page.view.document().findBlockByNumber(0)  # import threading
    formats = block.layout().formats()
    assert formats and formats[0].start == 0 and formats[0].length == len("import")


def test_flipping_threads_and_processes_marks_the_lines_that_changed(page):
    page.show_code(Mode.THREADS, ShownWork(), 2)
    assert page.marked_lines == set()
    page.show_code(Mode.PROCESSES, ShownWork(), 2)
    lines = page.code.splitlines()
    marked = {lines[line].strip() for line in page.marked_lines}
    assert {"import multiprocessing", "pool.close()"} <= marked
    assert "return checksum" not in marked
    assert len(page.view.extraSelections()) == len(page.marked_lines)
    page.show_code(Mode.THREADS, ShownWork(), 2)
    lines = page.code.splitlines()
    assert "[t.join() for t in threads]" in {lines[line].strip() for line in page.marked_lines}


def test_other_work_is_not_marked_as_a_change(page):
    page.show_code(Mode.THREADS, ShownWork(), 2)
    page.show_code(Mode.THREADS, ShownWork(Workload.IO), 2)
    assert page.marked_lines == set()
    assert page.view.extraSelections() == []


def test_threads_and_processes_fit_without_scrolling_in_the_projector_theme(page, qtbot):
    for mode in (Mode.THREADS, Mode.PROCESSES):
        page.show_code(mode, ShownWork(), 2)
        qtbot.waitUntil(lambda: page.view.document().size().height() > 0)
        assert page.view.verticalScrollBar().maximum() == 0
        assert page.view.horizontalScrollBar().maximum() == 0


def test_a_theme_change_keeps_the_marks(page):
    page.show_code(Mode.THREADS, ShownWork(), 2)
    page.show_code(Mode.PROCESSES, ShownWork(), 2)
    marked = set(page.marked_lines)
    page.set_theme(LIGHT)
    assert page.marked_lines == marked
    assert len(page.view.extraSelections()) == len(marked)


def test_save_as_script_writes_a_script_that_runs(page, qtbot, tmp_path, no_leaked_processes):
    page.show_code(Mode.PROCESSES, ShownWork(code=parse_work("examples/primes.py:count_primes")), 2)
    path = tmp_path / "take_home.py"
    with qtbot.waitSignal(page.script_saved) as saved:
        page.save_script(path)
    assert saved.args[0].startswith(f"Saved {path}")
    assert "count_primes" in run_take_home(path, "--chunks", "4")[-1]


def test_a_script_that_cannot_be_saved_says_why(page, qtbot, tmp_path):
    with qtbot.waitSignal(page.script_saved) as saved:
        page.save_script(tmp_path / "missing" / "take_home.py")
    assert saved.args[0].startswith("cannot write ")
