"""Each core's last 60 s as a heat strip under the bars: the run stays visible after it ends.

A threads run leaves one amber band hopping from core to core; a processes run leaves every
row green. One row per core, one column per sample: each pixel the graphs' background mixed
toward the run's colour by the run's share of the core and toward grey by other programs', so a
busy laptop's browser shows as grey rows, never as the run.

Cheap by construction: the strip is a small image whose newest column is written per sample
(one pixel per core), in the screen's own pixel format so painting converts nothing; it is
repainted at most twice a second (two scaled blits of the ring), since a minute-long strip
moves less than a pixel per sample anyway.
"""

from __future__ import annotations

from collections import deque

from PySide6.QtCore import QRect, QRectF, QSize
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from cpuviz.core.runs.plan import Mode
from cpuviz.core.sampling.sources import CpuSample
from cpuviz.ui.theme import Theme

HISTORY_S = 60
REPAINT_INTERVAL_S = 0.5
ROW_PX = 14
MAX_HEIGHT_PX = 56  # the chart above is what the room watches


class HistoryStrip(QWidget):
    def __init__(self, core_count: int, interval_ms: int, theme: Theme) -> None:
        super().__init__()
        self.core_count = core_count
        self.columns = max(2, HISTORY_S * 1000 // interval_ms)
        self._image = QImage(self.columns, core_count, QImage.Format.Format_RGB32)
        self._painted_at_s = float("-inf")
        # Each sample with the mode whose run it was (None: between runs), to redraw in a theme.
        self._samples: deque[tuple[CpuSample, Mode | None]] = deque(maxlen=self.columns)
        self._running: Mode | None = None
        self._newest_shown: list[tuple[int, int]] = []  # (load, run) per core, newest column
        self.set_theme(theme)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(min(MAX_HEIGHT_PX, max(2 * ROW_PX, core_count * ROW_PX)))
        self.setToolTip(f"Each core's load over the last {HISTORY_S} s, newest on the right")

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(400, self.height())

    def set_theme(self, theme: Theme) -> None:
        """Redraw the whole minute in the theme's colours, from the samples kept."""
        self._theme = theme
        self._image.fill(QColor(theme.graph_background))
        self._newest = self.columns - 1  # the ring's newest column
        for sample, mode in self._samples:
            self._write_column(sample, mode)
        self.update()

    def set_running_mode(self, mode: Mode | None) -> None:
        """The run's share of each core from now on is drawn in `mode`'s colour (None: the
        colour of load between runs)."""
        self._running = mode

    def show_sample(self, sample: CpuSample) -> None:
        self._samples.append((sample, self._running))
        self._write_column(sample, self._running)
        if sample.taken_at_s - self._painted_at_s >= REPAINT_INTERVAL_S:
            self._painted_at_s = sample.taken_at_s
            self.update()

    def _write_column(self, sample: CpuSample, mode: Mode | None) -> None:
        self._newest = (self._newest + 1) % self.columns
        theme = self._theme
        run_colour = theme.between_runs if mode is None else theme.mode_colour(mode)
        self._newest_shown = sample.shown_pct(self.core_count)
        for core, (load, run) in enumerate(self._newest_shown):
            colour = theme.core_colour(run_colour, run, load - run)
            self._image.setPixel(self._newest, core, QColor(colour).rgb())

    def newest_column(self) -> list[int]:
        """The newest sample's load per core, in whole percent (for tests)."""
        return [load for load, _ in self._newest_shown]

    def newest_colours(self) -> list[str]:
        """The newest sample's pixel per core, as "#rrggbb" (for tests)."""
        pixels = (self._image.pixel(self._newest, core) for core in range(self.core_count))
        return [QColor(pixel).name() for pixel in pixels]

    def samples(self) -> list[CpuSample]:
        """The samples still in the history, oldest first."""
        return [sample for sample, _ in self._samples]

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        area = self.rect()
        # Oldest part of the ring (after the newest column) on the left, then the rest.
        older = self.columns - 1 - self._newest
        split_x = area.width() * older / self.columns
        painter.drawImage(
            QRectF(0, 0, split_x, area.height()),
            self._image,
            QRectF(self._newest + 1, 0, older, self.core_count),
        )
        painter.drawImage(
            QRectF(split_x, 0, area.width() - split_x, area.height()),
            self._image,
            QRectF(QRect(0, 0, self._newest + 1, self.core_count)),
        )
        painter.end()
