"""The graphs' key: which colour is which mode, shown once the graphs hold more than one.

A cold viewer read the threads picture right, and still asked what the blue at the left of
every graph was (the serial baseline) and what the grey spikes were (other programs). The key
names exactly the colours on the graphs now, in the order of the mode buttons, in the
window's own type: small, yet readable from the back.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QLabel, QSizePolicy

from cpuviz.core.runs.plan import Mode
from cpuviz.ui.core_graphs import BETWEEN_RUNS
from cpuviz.ui.mode_looks import MODE_LOOKS
from cpuviz.ui.theme import Theme

SWATCH = "■"


def key_name(entry: Mode | str) -> str:
    """'serial baseline', 'threads', …, as the key says it."""
    if isinstance(entry, Mode):
        return "serial baseline" if entry is Mode.SERIAL else MODE_LOOKS[entry].short_title.lower()
    return entry


class ColourKey(QLabel):
    """'■ serial baseline  ■ threads  ■ other programs', each swatch in its colour; hidden
    while the graphs hold one colour or none, where there is nothing to tell apart."""

    def __init__(self, theme: Theme) -> None:
        super().__init__()
        self.setObjectName("muted")
        # Never wider than the window: at 1024 px a long key is cut, never the window widened.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._theme = theme
        self._entries: tuple[Mode | str, ...] = ()
        self.hide()

    @property
    def entries(self) -> list[str]:
        """What the key names now (empty while hidden)."""
        return [key_name(entry) for entry in self._entries] if not self.isHidden() else []

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self._draw()

    def show_entries(self, entries: Sequence[Mode | str]) -> None:
        """The colours on the graphs now (see CoreGraphs.drawn); cheap when unchanged."""
        entries = tuple(entries)
        if entries != self._entries:
            self._entries = entries
            self._draw()

    def _draw(self) -> None:
        self.setVisible(len(self._entries) > 1)
        self.setText(
            "&nbsp;&nbsp;".join(
                f'<span style="color:{self._colour(entry)}">{SWATCH}</span>&nbsp;{key_name(entry)}'
                for entry in self._entries
            )
        )

    def _colour(self, entry: Mode | str) -> str:
        if isinstance(entry, Mode):
            return self._theme.mode_colour(entry)
        return self._theme.between_runs if entry == BETWEEN_RUNS else self._theme.other_load
