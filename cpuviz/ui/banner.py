"""The big line at the top that names the mode, so the back row knows what it is watching."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from cpuviz.core.runs.plan import Mode
from cpuviz.ui.mode_looks import MODE_LOOKS
from cpuviz.ui.theme import Theme


class ModeBanner(QLabel):
    def __init__(self, mode: Mode, theme: Theme) -> None:
        super().__init__()
        self.setObjectName("banner")
        self._theme = theme
        self.show_mode(mode)

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.show_mode(self._mode)

    def show_mode(self, mode: Mode) -> None:
        """Name `mode`, in its colour (the same as its button and its rows in the table)."""
        self._mode = mode
        self.setText(MODE_LOOKS[mode].banner)
        self.setStyleSheet(f"color: {self._theme.mode_colour(mode)};")
