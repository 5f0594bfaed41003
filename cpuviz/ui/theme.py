"""Colours and type sizes, chosen to read from the back of a room on a dim projector.

Colours come from the Okabe–Ito palette, which stays distinguishable with the common forms of
colour blindness; the busy colour is also brighter than the idle one, so it reads in grey too.
"""

from __future__ import annotations

from dataclasses import dataclass

from cpuviz.core.plan import Mode


@dataclass(frozen=True, slots=True)
class Theme:
    background: str = "#0f1318"
    panel: str = "#1a2129"
    grid: str = "#2c3642"
    text: str = "#f3f5f8"
    muted: str = "#aab6c4"
    idle_bar: str = "#34506b"
    busy_bar: str = "#e69f00"
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

    def mode_colour(self, mode: Mode) -> str:
        return {
            Mode.SERIAL: self.serial,
            Mode.THREADS: self.threads,
            Mode.PROCESSES: self.processes,
            Mode.ASYNCIO: self.asyncio,
            Mode.INTERPRETERS: self.interpreters,
            Mode.FREE_THREADED: self.free_threaded,
        }[mode]

    def load_colour(self, percent: float) -> str:
        """Blend from the idle to the busy colour as the load rises."""
        share = min(1.0, max(0.0, percent / 100.0))
        idle = _rgb(self.idle_bar)
        busy = _rgb(self.busy_bar)
        mixed = (round(i + (b - i) * share) for i, b in zip(idle, busy, strict=True))
        return "#{:02x}{:02x}{:02x}".format(*mixed)

    def style_sheet(self) -> str:
        return f"""
        QWidget {{ background: {self.background}; color: {self.text};
                   font-size: {self.base_px}px; }}
        QLabel#title {{ font-size: {self.label_px + 6}px; font-weight: 700; }}
        QLabel#muted {{ color: {self.muted}; }}
        QLabel#bigNumber {{ font-size: {self.number_px}px; font-weight: 800; }}
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
        QPushButton#mode:disabled, QPushButton#workload:disabled {{
            font-weight: 400; font-size: {self.base_px - 2}px; }}
        QPushButton#workload:checked {{ background: {self.text}; color: {self.background};
                                        border-color: {self.text}; }}
        QPushButton#start {{ background: {self.good}; color: white; min-width: 120px; }}
        QPushButton#start[running="true"] {{ background: {self.error}; }}
        QPushButton#start:disabled {{ background: {self.panel}; color: {self.muted}; }}
        QSpinBox, QComboBox {{ background: {self.panel}; border: 2px solid {self.grid};
                               border-radius: 6px; padding: 4px 8px; min-height: 30px; }}
        QProgressBar {{ background: {self.panel}; border: none; border-radius: 6px;
                        min-height: 30px; text-align: center; font-weight: 700; }}
        QProgressBar::chunk {{ background: {self.processes}; border-radius: 6px; }}
        QTableWidget {{ background: {self.panel}; gridline-color: {self.grid};
                        border: none; font-size: {self.base_px}px; }}
        QHeaderView::section {{ background: {self.background}; color: {self.muted};
                                border: none; padding: 4px; font-weight: 700; }}
        """

    def _mode_button_rules(self) -> str:
        return "\n".join(
            f'QPushButton#mode[mode="{mode.value}"]:checked {{ background: '
            f"{self.mode_colour(mode)}; }}"
            for mode in Mode
        )


def _rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


PROJECTOR = Theme()
