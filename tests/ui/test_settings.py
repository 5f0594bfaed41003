"""The window remembers its set-up between launches; nonsense in the file never stops it."""

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt

from cpuviz.cli.window import build_window
from cpuviz.core.runs.plan import Mode
from cpuviz.core.sampling.sources import SyntheticSource
from cpuviz.core.work.workloads import Workload
from cpuviz.options import GuiOptions
from tests.conftest import TINY
from tests.ui.conftest import READY_TIMEOUT_MS, picking

# A window as a double-click opens it, less the settings file each test names.
QUIET_OPTIONS = GuiOptions(
    mode=Mode.THREADS,
    workers=2,
    size=TINY,
    interval_ms=100,
    source=SyntheticSource(2),
    fullscreen=False,
    autostart=False,
)


@pytest.fixture
def launch(qtbot, tmp_path, no_leaked_processes):
    """launch(**options) -> a window as a double-click opens it, remembering in tmp_path."""
    opened = []

    def launch_(**changes):
        options = replace(QUIET_OPTIONS, settings_file=str(tmp_path / "settings.ini"))
        window = build_window(replace(options, **changes))
        qtbot.addWidget(window)
        with qtbot.waitActive(window):  # so that its keyboard shortcuts work
            window.show()
            window.activateWindow()
        opened.append(window)
        return window

    yield launch_
    for window in opened:
        window.close()


def test_mode_workload_workers_theme_and_view_are_remembered(launch, qtbot):
    first = launch(theme="light")
    assert first.core_view.view == "graphs"
    qtbot.keyClick(first, Qt.Key.Key_2)  # I/O
    qtbot.keyClick(first, Qt.Key.Key_A)  # asyncio
    qtbot.keyClick(first, Qt.Key.Key_B)  # bars instead of history graphs
    first.controls.workers.setValue(5)
    first.resize(first.width(), 650)
    first.close()
    saved_size = first.size()  # as saved on closing (a layout may have moved it since)
    again = launch()
    assert (again.controls.mode, again.controls.workload) == (Mode.ASYNCIO, Workload.IO)
    assert again.controls.workers.value() == 5
    assert again.theme.name == "light"
    assert again.core_view.view == "bars" and again.core_view.pages.currentWidget() is not (
        again.core_view.graphs
    )
    assert again.size() == saved_size and saved_size.height() == 650


def test_number_keys_choose_the_workload_even_after_the_workers_were_set(launch, qtbot):
    """The workers box must not keep the keyboard: 2 would type into it, not choose I/O."""
    window = launch()
    qtbot.keyClick(window, Qt.Key.Key_2)
    assert window.controls.workload is Workload.IO
    qtbot.mouseClick(window.controls.workers, Qt.MouseButton.LeftButton)
    qtbot.keyClick(window.controls.workers, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(window.controls.workers, "3")
    qtbot.keyClick(window.controls.workers, Qt.Key.Key_Return)
    assert window.controls.workers.value() == 3
    qtbot.keyClick(window, Qt.Key.Key_1)
    assert window.controls.workload is Workload.CPU
    assert window.controls.workers.value() == 3


def test_flags_given_on_the_command_line_win_over_what_was_remembered(launch):
    launch(mode=Mode.PROCESSES).close()
    again = launch(mode=Mode.SERIAL, explicit=frozenset({"mode"}))
    assert again.controls.mode is Mode.SERIAL


def test_nonsense_settings_fall_back_to_defaults_with_one_warning(launch, tmp_path, capfd):
    (tmp_path / "settings.ini").write_text(
        "[General]\nmode=banana\nworkers=-3\ntheme=neon\nworkload=io\n\x00\x01garbage\n"
    )
    window = launch()
    assert window.controls.mode is Mode.THREADS and window.controls.workers.value() == 2
    assert window.theme.name == "projector"
    assert window.controls.workload is Workload.IO  # the one value that made sense
    warning = capfd.readouterr().err
    assert warning.count("\n") == 1
    assert warning.startswith("cpuviz: ignored saved settings that made no sense (mode 'banana'")
    assert "Settings: ignored saved settings" in window.status.caption.text()


def test_a_remembered_size_that_no_longer_fits_the_screen_is_dropped(launch):
    first = launch()
    available = first.screen().availableGeometry()
    first.resize(available.width() + 400, available.height() + 300)  # as on a bigger screen
    first.close()
    again = launch()
    assert again.height() <= available.height()
    assert again.width() < available.width() + 400


def test_settings_that_cannot_be_saved_are_one_line_and_the_window_still_closes(
    qtbot, tmp_path, capfd, no_leaked_processes
):
    """A settings folder nothing can be written into (here a file sits where the folder
    should be, which stops root too): one line on closing, and every process still goes."""
    blocked = tmp_path / "config"
    blocked.write_text("a file where the settings folder should be")
    window = build_window(replace(QUIET_OPTIONS, settings_file=str(blocked / "settings.ini")))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.controller.is_ready, timeout=READY_TIMEOUT_MS)
    capfd.readouterr()
    window.close()
    said = capfd.readouterr().err
    assert said == f"cpuviz: could not save the settings in {blocked / 'settings.ini'}\n"


def test_the_code_files_folder_is_remembered_and_nothing_in_it_runs(launch, qtbot, tmp_path):
    """Your code's picker opens where the last file was chosen; the function itself is not
    loaded again: a file never runs because it was remembered."""
    mine = tmp_path / "code" / "mine.py"
    mine.parent.mkdir()
    mine.write_text("def crunch(chunk):\n    return chunk\n")
    first = launch()
    with picking(mine):
        qtbot.keyClick(first, Qt.Key.Key_Y)
    qtbot.waitUntil(lambda: first.choices.code is not None, timeout=READY_TIMEOUT_MS)
    first.close()
    again = launch()
    assert again.choices.code_file == str(mine) and again.choices.code is None
    assert again.controls.workload_toggle.isVisible()
    with picking(None) as picker:  # the presenter looks, and cancels
        qtbot.keyClick(again, Qt.Key.Key_Y)
    assert picker.opened_in == [str(mine)]
