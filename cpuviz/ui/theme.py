"""Colours and type sizes, chosen to read from the back of a room on a dim projector.

Colours come from the Okabe–Ito palette, which stays distinguishable with the common forms of
colour blindness; the busy colour is also brighter than the idle one, so it reads in grey too.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from cpuviz.core.runs.plan import Mode
from cpuviz.ui.mode_looks import MODE_LOOKS


@dataclass(frozen=True, slots=True)
class Theme:
    name: str = "dark"
    background: str = "#0f1318"
    panel: str = "#1a2129"
    grid: str = "#2c3642"
    text: str = "#f3f5f8"
    muted: str = "#aab6c4"
    # The per-core history graphs: idle time near-black, load between runs a dim neutral, and
    # other programs' load (a browser beside the run) a grey with no hue at all, so it reads
    # as nobody's mode, the serial baseline's blue included.
    graph_background: str = "#05080b"
    between_runs: str = "#4f6378"
    other_load: str = "#8c8c8c"
    good: str = "#009e73"
    error: str = "#ff7a45"
    base_px: int = 18
    label_px: int = 20
    number_px: int = 34
    serial: str = "#56b4e9"
    threads: str = "#e69f00"
    processes: str = "#009e73"
    asyncio: str = "#f0e442"
    interpreters: str = "#cc79a7"
    free_threaded: str = "#d55e00"
    cluster: str = "#b4a7f5"

    def mode_colour(self, mode: Mode) -> str:
        """This theme's shade of the colour the mode table gives `mode`."""
        return getattr(self, MODE_LOOKS[mode].colour_role)

    def core_colour(self, run_colour: str, run_pct: float, other_pct: float) -> str:
        """One colour for a core where there is room for only one (a heat cell, a pixel of the
        minute strip): the graphs' background, mixed toward the run's colour by the run's share
        and toward the neutral grey by other programs', so that another program's load never
        reads as the run's."""
        return _mixed(self.graph_background, run_colour, self.other_load, run_pct, other_pct)

    def style_sheet(self) -> str:
        """The window's style. Start is green and bright, to be found; during a run Stop is a
        quiet outlined button (Space still stops), and the mode's banner is no bigger than the
        big figure's words, so the eye goes to the cores first."""
        return f"""
        QWidget {{ background: {self.background}; color: {self.text};
                   font-size: {self.base_px}px; }}
        QLabel#banner {{ font-size: {self.label_px}px; font-weight: 600; }}
        QFrame#overlay {{ background: rgba(15, 19, 24, 235); }}
        QFrame#overlay QLabel {{ background: transparent; font-size: {self.label_px + 4}px; }}
        QLabel#overlayTitle {{ font-size: {self.number_px}px; font-weight: 800; }}
        QLabel#overlayKey {{ color: {self.threads}; font-weight: 800; }}
        QLabel#muted {{ color: {self.muted}; }}
        QLabel#readoutNumber {{ font-size: {self.label_px + 8}px; font-weight: 800; }}
        QLabel#figure {{ font-weight: 700; }}
        QLabel#caption {{ font-size: {self.label_px + 2}px; font-weight: 600; }}
        QLabel#caption[tone="error"] {{ color: {self.error}; }}
        QLabel#caption[tone="good"] {{ color: {self.text}; }}
        QFrame#panel {{ background: {self.panel}; border-radius: 10px; }}
        QFrame#panel QLabel {{ background: {self.panel}; }}
        QPushButton {{ background: {self.panel}; border: 2px solid {self.grid};
                       border-radius: 8px; padding: 8px 18px; font-weight: 700; }}
        QPushButton:disabled {{ color: {self.muted}; border-color: {self.panel}; }}
        QPushButton#mode:checked {{ color: {self.background}; border-color: {self.text}; }}
{self._mode_button_rules()}
        QPushButton#mode {{ padding: 6px 4px; font-weight: 600; }}
        QPushButton#workload {{ padding: 6px 7px; font-weight: 600; }}
        QPushButton#mode:disabled, QPushButton#workload:disabled {{ font-weight: 400; }}
        QPushButton#mode[greyed="true"] {{ font-size: {self.base_px * 5 // 6}px; }}
        QPushButton#workload:checked {{ background: {self.text}; color: {self.background};
                                        border-color: {self.text}; }}
        QPushButton#start {{ background: {self.good}; color: white; min-width: 120px; }}
        QPushButton#start[running="true"] {{ background: {self.panel}; color: {self.text};
                                              border-color: {self.muted}; }}
        QPushButton#start:disabled {{ background: {self.panel}; color: {self.muted}; }}
        QSpinBox, QComboBox {{ background: {self.panel}; border: 2px solid {self.grid};
                               border-radius: 6px; padding: 4px 8px; min-height: 30px; }}
        QProgressBar {{ background: {self.panel}; border: none; border-radius: 6px;
                        min-height: 30px; text-align: center; font-weight: 700; }}
        QProgressBar::chunk {{ background: {self.processes}; border-radius: 6px; }}
        QTableWidget {{ background: {self.panel}; gridline-color: {self.grid};
                        border: none; font-size: {self.base_px}px; }}
        QTableWidget::item {{ padding: 0 4px; }}
        QHeaderView::section {{ background: {self.background}; color: {self.muted};
                                border: none; padding: 4px 6px; font-weight: 700; }}
        """

    def _mode_button_rules(self) -> str:
        """Each mode's colour on its checked button and on the progress of its run."""
        return "\n".join(
            f'QPushButton#mode[mode="{mode.value}"]:checked, '
            f'QProgressBar[mode="{mode.value}"]::chunk {{ background: {self.mode_colour(mode)}; }}'
            for mode in Mode
        )


@functools.lru_cache(maxsize=4096)
def _mixed(idle: str, run: str, other: str, run_pct: float, other_pct: float) -> str:
    """Cached: the strip and the heat cells ask for the same few hundred mixes all the time."""
    run_share = min(1.0, max(0.0, run_pct / 100))
    other_share = min(1.0 - run_share, max(0.0, other_pct / 100))
    mixed = (
        round(i + (r - i) * run_share + (o - i) * other_share)
        for i, r, o in zip(_rgb(idle), _rgb(run), _rgb(other), strict=True)
    )
    return "#{:02x}{:02x}{:02x}".format(*mixed)


def _rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


# Dark, high contrast, and every text at least 24 px: readable from 10 m on a 1024×768 beamer.
PROJECTOR = Theme(name="projector", base_px=24, label_px=26, number_px=48)
# The same colours at desktop-monitor sizes.
DARK = Theme()
# For bright rooms and printed handouts; the mode colours darkened where white washes them out.
LIGHT = Theme(
    name="light",
    background="#ffffff",
    panel="#eef1f5",
    grid="#c5cdd8",
    text="#101418",
    muted="#4d5866",
    graph_background="#dde3ea",
    between_runs="#9aa9b9",
    other_load="#6f6f6f",
    error="#c0392b",
    serial="#0072b2",
    threads="#d55e00",
    processes="#007a5a",
    asyncio="#8a7d00",
    interpreters="#a0507f",
    free_threaded="#7a3500",
    cluster="#5a4fcf",
)
THEMES = {theme.name: theme for theme in (PROJECTOR, DARK, LIGHT)}


def next_theme(theme: Theme) -> Theme:
    """Projector → dark → light → projector: the room's light can change mid-talk."""
    names = list(THEMES)
    return THEMES[names[(names.index(theme.name) + 1) % len(names)]]
