"""Your own function in the window: it runs in place of the workload, in the modes it can."""

from cpuviz.core.code_check import check
from cpuviz.core.plan import Mode, chunks_of_code
from cpuviz.core.user_code import parse_work
from tests.ui.conftest import RUN_TIMEOUT_MS

MINE = "def crunch(chunk):\n    return sum(range(20_000 + chunk))\n"


def test_your_function_runs_and_its_row_names_it(open_window, qtbot, tmp_path):
    (tmp_path / "mine.py").write_text(MINE)
    code = check(parse_work(f"{tmp_path / 'mine.py'}:crunch"))
    window = open_window(mode=Mode.THREADS, size=chunks_of_code(16), code=code)
    window.controls.show_code(str(code.code))
    assert window.controls._code_label.text() == "Your code: mine.py:crunch"
    assert not window.controls.workload_toggle.isVisible()
    # A plain def cannot be an asyncio task: that mode is greyed, with the reason.
    assert "crunch is a plain def" in window.controls.mode_toggle.reason(Mode.ASYNCIO)
    with qtbot.waitSignal(window.controller.run_finished, timeout=RUN_TIMEOUT_MS) as finished:
        window.start_run()
    qtbot.waitUntil(lambda: window.results.rowCount() == 2, timeout=RUN_TIMEOUT_MS)
    result = finished.args[0].result
    assert result.plan.code == code.code and result.chunks_done == 16
    work = {window.results.item(row, 2).text() for row in range(window.results.rowCount())}
    assert work == {"crunch() · 16 chunks"}  # the baseline and the threads run, both yours
