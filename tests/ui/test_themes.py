"""Themes: projector text is big enough for the back row; every theme opens the same window;
Ctrl+T switches while it runs."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics
from PySide6.QtWidgets import QLabel, QPushButton

from cpuviz.cli.window import build_window
from cpuviz.core.runs.plan import Mode
from cpuviz.options import GuiOptions
from cpuviz.ui.bottom_pages import RUNS_TAB, SUMMARY_TAB
from cpuviz.ui.theme import PROJECTOR, THEMES
from tests.conftest import TINY
from tests.run_ends import run_ends
from tests.ui.conftest import RUN_TIMEOUT_MS

PROJECTOR_MIN_PX = 24


def test_projector_text_is_at_least_24_px_everywhere(shared_window):
    window = shared_window
    for widget in window.findChildren(QLabel) + window.findChildren(QPushButton):
        if widget.isVisible() and widget.isEnabled() and widget.text():
            assert widget.font().pixelSize() >= PROJECTOR_MIN_PX, widget.text()
    assert min(PROJECTOR.base_px, PROJECTOR.label_px) >= PROJECTOR_MIN_PX


@pytest.mark.parametrize("name", list(THEMES))
def test_every_theme_opens_the_window_in_its_colours(qtbot, name):
    """Built, not shown: its worker processes would start only after its first frame."""
    window = build_window(GuiOptions(Mode.THREADS, 2, TINY, theme=name))
    qtbot.addWidget(window)
    assert window.theme is THEMES[name]
    assert THEMES[name].background in window.styleSheet()


@pytest.mark.end_to_end
def test_ctrl_t_switches_theme_live_and_recolours_what_is_shown(shared_window, qtbot):
    window = shared_window
    with run_ends(qtbot, window.controller, RUN_TIMEOUT_MS, mode=Mode.THREADS):
        window.start_run()
    history_before = window.history.newest_column()

    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert window.theme is THEMES["dark"]
    assert window.status.caption.text().startswith("Theme: dark")
    assert window.status.caption.font().pixelSize() < PROJECTOR_MIN_PX  # desk-sized text

    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    light = THEMES["light"]
    assert window.theme is light and light.background in window.styleSheet()
    assert window.bars.backgroundBrush().color() == QColor(light.panel)
    assert window.results.item(0, 0).foreground().color() == QColor(light.threads)
    assert window.banner.styleSheet() == f"color: {light.threads};"
    assert window.history.newest_column() == history_before  # same minute, new colours
    assert window.controls.mode is Mode.THREADS

    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert window.theme is THEMES["projector"]


def test_projector_column_titles_fit_their_columns_at_1024_by_768(shared_window, qtbot):
    """A title cut at both ends ("ree-threade") is unreadable from any row."""
    window = shared_window
    for tab, table in ((SUMMARY_TAB, window.summary.table), (RUNS_TAB, window.results)):
        window.tabs.setCurrentIndex(tab)
        qtbot.waitUntil(table.isVisible)
        header = table.horizontalHeader()
        bold = QFont(header.font())
        bold.setBold(True)  # as the style sheet draws the titles
        for column in range(header.count()):
            title = table.horizontalHeaderItem(column).text()
            width = QFontMetrics(bold).horizontalAdvance(title)
            assert width <= header.sectionSize(column), title
