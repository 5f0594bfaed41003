"""Themes: projector text is big enough for the back row; every theme opens the same window."""

import pytest
from PySide6.QtWidgets import QLabel, QPushButton

from cpuviz.core.plan import Mode
from cpuviz.ui.theme import PROJECTOR, THEMES

PROJECTOR_MIN_PX = 24


def test_projector_text_is_at_least_24_px_everywhere(open_window):
    window = open_window(mode=Mode.THREADS, theme="projector")
    for widget in window.findChildren(QLabel) + window.findChildren(QPushButton):
        if widget.isVisible() and widget.isEnabled() and widget.text():
            assert widget.font().pixelSize() >= PROJECTOR_MIN_PX, widget.text()
    assert min(PROJECTOR.base_px, PROJECTOR.label_px) >= PROJECTOR_MIN_PX


@pytest.mark.parametrize("name", list(THEMES))
def test_every_theme_opens_the_window_in_its_colours(open_window, name):
    window = open_window(mode=Mode.THREADS, theme=name)
    assert window.theme is THEMES[name]
    assert THEMES[name].background in window.styleSheet()
