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


@pytest.fixture
def launch(qtbot, tmp_path, no_leaked_processes):
    """launch(**options) -> a window as a double-click opens it, remembering in tmp_path."""
    opened = []

    def launch_(**changes):
        options = GuiOptions(
            mode=Mode.THREADS,
            workers=2,
            size=TINY,
            interval_ms=100,
            source=SyntheticSource(2),
            fullscreen=False,
            autostart=False,
            settings_file=str(tmp_path / "settings.ini"),
        )
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
    saved_size = first.size()
    first.close()
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
