"""The workers' Python picker: the Pythons found here, probed off the GUI thread; a choice
moves the hosts, lights the modes that Python has and names it in the runtime lines."""

from __future__ import annotations

import os
import sys
from dataclasses import replace

import psutil
import pytest
from PySide6.QtCore import Qt

from cpuviz.cli.window import build_window
from cpuviz.core.runs.plan import Mode
from cpuviz.core.sampling.sources import SyntheticSource
from cpuviz.core.system.pythons import FoundPython, probe
from cpuviz.options import GuiOptions
from cpuviz.ui.python_picker import PythonPicker
from tests.conftest import TINY
from tests.other_pythons import other_python
from tests.run_ends import run_ends
from tests.ui.conftest import READY_TIMEOUT_MS, RUN_TIMEOUT_MS

# A window as a double-click opens it (so with the picker), on two pretend cores.
OPTIONS = GuiOptions(Mode.THREADS, 2, TINY, source=SyntheticSource(2))


def found_here(*extra: FoundPython) -> list[FoundPython]:
    return [FoundPython(sys.executable, probe(sys.executable)), *extra]


def test_each_python_shows_its_version_and_gil_and_a_bad_one_why(qtbot):
    python313 = other_python("3.13")
    bad = FoundPython("/bin/false", None, "/bin/false is not a Python (it exited 1, …)")
    picker = PythonPicker(None, font_px=14, greyed="#808080")
    qtbot.addWidget(picker)
    picker.set_found(found_here(FoundPython(python313.path, python313), bad))
    texts = [picker.itemText(index) for index in range(picker.count())]
    assert texts[0] == f"window's {probe(sys.executable).describe()}"
    assert texts[1] == f"workers CPython {python313.version}, GIL on"
    assert texts[2] == "false is not a Python (it exited 1, …)"
    assert not picker.model().item(2).isEnabled()
    assert picker.itemData(2, Qt.ItemDataRole.ToolTipRole) == bad.problem
    with qtbot.waitSignal(picker.chosen) as chosen:
        picker.activated.emit(1)
    assert chosen.args == [python313]
    picker.refuse("a run is going: stop it first")  # the previous choice stays, and says why
    assert picker.currentIndex() == 0
    assert picker.toolTip() == "Not changed: a run is going: stop it first"


@pytest.mark.end_to_end
def test_choosing_another_python_runs_interpreters_there_and_says_so(
    qtbot, tmp_path, no_leaked_processes
):
    """The window's 3.11 greys interpreters out; picking 3.13 restarts the hosts on it, the
    mode lights up and runs there, and the choice is remembered for the next launch."""
    python313 = other_python("3.13")
    options = replace(OPTIONS, settings_file=str(tmp_path / "settings.ini"))
    window = build_window(options)
    qtbot.addWidget(window)
    window.show()
    picker = window.findChild(PythonPicker)
    assert not window.controls.mode_toggle.button(Mode.INTERPRETERS).isEnabled()
    qtbot.waitUntil(picker.isEnabled, timeout=READY_TIMEOUT_MS)  # probed, listed
    index = picker.findText(f"workers CPython {python313.version}, GIL on")
    assert index > 0
    picker.activated.emit(index)
    qtbot.waitUntil(
        lambda: window.controls.mode_toggle.button(Mode.INTERPRETERS).isEnabled(),
        timeout=READY_TIMEOUT_MS,
    )
    assert window.runtime_label.text().startswith("window CPython 3.11")
    qtbot.waitUntil(lambda: window.controller.is_ready, timeout=READY_TIMEOUT_MS)
    hosts = {os.path.realpath(psutil.Process(pid).exe()) for pid in window.controller.worker_pids()}
    assert hosts == {os.path.realpath(python313.path)}

    window.controls.mode_toggle.set_value(Mode.INTERPRETERS)
    with run_ends(qtbot, window.controller, RUN_TIMEOUT_MS, mode=Mode.INTERPRETERS) as ending:
        window.start_run()
    assert ending.report.result.chunks_done == options.size.chunks
    window.close()

    again = build_window(options)
    qtbot.addWidget(again)
    assert again.findChild(PythonPicker).current == python313
    assert again.controls.mode_toggle.button(Mode.INTERPRETERS).isEnabled()
    again.close()
