"""What a presenter does with the keyboard: the banner, the shortcuts overlay, saving."""

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import QLabel

from cpuviz.core.runs.plan import Mode
from cpuviz.ui.export import RUN_COLUMNS
from cpuviz.ui.keymap import key_list
from cpuviz.ui.mode_looks import MODE_LOOKS
from tests.run_ends import run_ends
from tests.ui.conftest import RUN_TIMEOUT_MS


def use_as_pictures_folder(monkeypatch, path):
    monkeypatch.setattr(
        QStandardPaths, "writableLocation", staticmethod(lambda _location: str(path))
    )


@pytest.fixture
def pictures(tmp_path, monkeypatch):
    """Where saved pictures go: the Pictures folder, here one of the test's own."""
    use_as_pictures_folder(monkeypatch, tmp_path)
    return tmp_path


def test_the_banner_names_the_mode_in_its_colour(shared_window, qtbot):
    window = shared_window
    assert window.banner.text() == "THREADS — one GIL, shared"
    qtbot.keyClick(window, Qt.Key.Key_P)
    assert window.banner.text() == "PROCESSES — one GIL each"
    assert window.theme.mode_colour(Mode.PROCESSES) in window.banner.styleSheet()
    assert set(MODE_LOOKS) == set(Mode)


def test_question_mark_shows_every_shortcut_and_esc_hides_them(shared_window, qtbot):
    window = shared_window
    overlay = window.shortcuts_overlay
    assert not overlay.isVisible()
    qtbot.keyClick(window, "?")
    assert overlay.isVisible()
    assert overlay.geometry() == window.centralWidget().rect()
    shown = {label.text() for label in overlay.findChildren(QLabel)}
    assert {keys for keys, _ in key_list()} <= shown
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not overlay.isVisible()
    qtbot.keyClick(window, "?")
    qtbot.mouseClick(overlay, Qt.MouseButton.LeftButton)
    assert not overlay.isVisible()


def test_ctrl_s_saves_a_picture_and_says_where(shared_window, qtbot, pictures):
    window = shared_window
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    saved = list(pictures.glob("cpuviz-*.png"))
    assert len(saved) == 1 and saved[0].stat().st_size > 10_000
    assert window.status.caption.text() == f"Saved the picture to {saved[0]}"
    assert window.controls.mode is Mode.THREADS  # Ctrl+S is not S (serial)


@pytest.mark.end_to_end
def test_ctrl_e_saves_the_runs_as_csv_with_the_numbers_of_the_runs(open_window, qtbot, pictures):
    """Each row holds the numbers of one finished run, as its report has them."""
    window = open_window(mode=Mode.PROCESSES)
    with run_ends(qtbot, window.controller, RUN_TIMEOUT_MS, runs=2) as ended:
        qtbot.keyClick(window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not window.controller.is_busy, timeout=RUN_TIMEOUT_MS)
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    [saved] = pictures.glob("cpuviz-*-runs.csv")
    [samples] = pictures.glob("cpuviz-*-samples.csv")
    assert samples.read_text(encoding="utf-8").startswith("seconds_ago,cpu0_pct")
    assert window.status.caption.text() == f"Saved the runs (and samples beside them) to {saved}"
    with saved.open(encoding="utf-8") as file:
        assert next(csv.reader(file)) == list(RUN_COLUMNS)
    rows = list(csv.DictReader(saved.open(encoding="utf-8")))
    baseline, processes = (outcome.report for outcome in ended.outcomes)
    assert [(row["mode"], row["baseline"]) for row in rows] == [
        ("serial", "True"),
        ("processes", "False"),
    ]
    for row, report in zip(rows, (baseline, processes), strict=True):
        result = report.result
        assert int(row["workers"]) == result.plan.worker_count
        assert float(row["elapsed_s"]) == pytest.approx(result.elapsed_s, abs=1e-4)
        assert float(row["cpu_s"]) == pytest.approx(result.cpu_s, abs=1e-4)
        assert int(row["checksum"]) == result.checksum
    assert float(rows[1]["speedup"]) == pytest.approx(processes.speedup, abs=1e-3)
    assert float(rows[1]["efficiency"]) == pytest.approx(processes.efficiency, abs=1e-3)
    assert float(rows[1]["startup_s"]) == pytest.approx(processes.result.startup_s, abs=1e-4)
    assert rows[0]["startup_s"] == ""  # a serial run starts no process of its own


def test_a_folder_that_cannot_be_made_is_one_line_and_the_app_carries_on(
    shared_window, qtbot, tmp_path, monkeypatch
):
    not_a_folder = tmp_path / "Pictures"
    not_a_folder.write_text("a file where the folder should be")
    use_as_pictures_folder(monkeypatch, not_a_folder)
    window = shared_window
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert window.status.caption.text().startswith("Could not save the runs")
    assert window.status.caption.property("tone") == "error"
    assert window.controls.start_stop.isEnabled()


def test_ctrl_s_into_a_folder_that_takes_no_files_is_one_line_and_leaves_nothing(
    shared_window, qtbot, monkeypatch
):
    """/proc/self exists, and not even root can write a file into it: the picture fails as
    it would on a full disk or a read-only mount, after its folder was found."""
    use_as_pictures_folder(monkeypatch, Path("/proc/self"))
    window = shared_window
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    caption = window.status.caption.text()
    assert caption.startswith("Could not save the picture: cannot write /proc/self/cpuviz-")
    assert "\n" not in caption and window.status.caption.property("tone") == "error"
    assert window.controls.mode is Mode.THREADS and window.controls.start_stop.isEnabled()


def test_l_shows_the_code_alone_and_t_p_mark_the_lines_that_make_the_difference(
    shared_window, qtbot
):
    """The code page is a slide of its own (the cores step aside), and the mode keys still
    switch what it shows."""
    window = shared_window
    qtbot.keyClick(window, Qt.Key.Key_L)
    assert window.tabs.code_shown and window.core_view.isHidden()
    assert "threading.Thread(" in window.code_page.code
    qtbot.keyClick(window, Qt.Key.Key_P)
    assert "multiprocessing.Pool(WORKERS)" in window.code_page.code
    assert 0 < len(window.code_page.marked_lines) < len(window.code_page.code.splitlines()) / 2
    qtbot.keyClick(window, Qt.Key.Key_L)  # its key again: back to the runs, and the cores
    assert not window.tabs.code_shown and window.core_view.isVisible()
