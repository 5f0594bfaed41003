"""One CPU-history graph per core, the picture the course opens with.

"A whole bunch of CPU cores that were all black and just one of them was really busy", then
"all the green": each core gets a filled graph of its last GRAPH_S seconds, newest on the
right, like a desktop activity monitor's CPU history. Load taken during a run is filled in
that run's mode colour (serial blue, threads amber, processes green, …), load between runs in
a dim neutral, so the colour on screen says which mode did the work long after the run ends.

Cheap by construction: one widget paints every graph from a ring of samples (no per-sample
objects), each graph a few polygons without antialiasing, and only when a sample arrives.
"""

from __future__ import annotations

import math
from collections import deque

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from cpuviz.core.plan import Mode
from cpuviz.core.sources import CpuSample
from cpuviz.ui.theme import Theme

GRAPH_S = 30
# Past this many cores each graph would be a sliver: the bars view's heat cells take over.
MAX_GRAPH_CORES = 32
GAP_PX = 8
LABEL_PAD_PX = 8


def grid_shape(core_count: int) -> tuple[int, int]:
    """(columns, rows): 2 side by side, 4 as 4×1, 8 as 4×2, 16 as 4×4, 32 as 8×4."""
    if core_count > 16:
        columns = 8
    else:
        rows = math.ceil(core_count / 4)
        columns = math.ceil(core_count / rows)
    return columns, math.ceil(core_count / columns)


class CoreGraphs(QWidget):
    """Every core's recent load as a filled graph, in a grid, labelled 'CPU n  42%'."""

    def __init__(self, core_count: int, interval_ms: int, theme: Theme) -> None:
        super().__init__()
        self.core_count = core_count
        self.columns, self.rows = grid_shape(core_count)
        self.capacity = max(2, GRAPH_S * 1000 // interval_ms)
        # Each sample with the mode that was running when it was taken (None between runs).
        self._samples: deque[tuple[CpuSample, Mode | None]] = deque(maxlen=self.capacity)
        self._running: Mode | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setToolTip(f"Each core's load over the last {GRAPH_S} s, newest on the right")
        self.set_theme(theme)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(800, 400)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(200, 120)

    @property
    def label_px(self) -> int:
        return self._font.pixelSize()

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self._font = QFont()
        self._font.setPixelSize(theme.label_px)
        self._font.setBold(True)
        self.update()

    def set_running_mode(self, mode: Mode | None) -> None:
        """Load from now on is drawn in `mode`'s colour (None: between runs)."""
        self._running = mode

    def show_sample(self, sample: CpuSample) -> None:
        self._samples.append((sample, self._running))
        self.update()

    def current_pct(self) -> list[int]:
        """What each graph's label says now, in whole percent."""
        if not self._samples:
            return [0] * self.core_count
        newest = self._samples[-1][0].per_core_pct
        return [min(100, max(0, round(pct))) for pct in newest[: self.core_count]]

    def cell_rect(self, core: int) -> QRectF:
        """Where core `core`'s graph sits: rows of `columns`, in reading order."""
        row, column = divmod(core, self.columns)
        width = (self.width() - GAP_PX * (self.columns - 1)) / self.columns
        height = (self.height() - GAP_PX * (self.rows - 1)) / self.rows
        return QRectF(column * (width + GAP_PX), row * (height + GAP_PX), width, height)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setFont(self._font)
        percents = self.current_pct()
        for core in range(self.core_count):
            rect = self.cell_rect(core)
            painter.fillRect(rect, QColor(self.theme.graph_background))
            self._paint_history(painter, rect, core)
            self._paint_label(painter, rect, f"CPU {core}  {percents[core]}%")
        painter.end()

    def _paint_history(self, painter: QPainter, rect: QRectF, core: int) -> None:
        """One filled polygon per stretch of samples taken under the same mode."""
        step = rect.width() / (self.capacity - 1)
        # The newest sample sits at the right edge; older ones step left from it.
        first_x = rect.right() - step * (len(self._samples) - 1)
        painter.setPen(Qt.PenStyle.NoPen)
        stretch: list[QPointF] = []
        stretch_mode: Mode | None = None
        for index, (sample, mode) in enumerate(self._samples):
            pct = min(100.0, max(0.0, sample.per_core_pct[core]))
            point = QPointF(first_x + index * step, rect.bottom() - rect.height() * pct / 100)
            if stretch and mode != stretch_mode:
                self._fill(painter, rect, stretch, stretch_mode)
                stretch = [stretch[-1]]  # the next stretch starts where this one ended
            stretch.append(point)
            stretch_mode = mode
        if len(stretch) > 1:
            self._fill(painter, rect, stretch, stretch_mode)

    def _fill(
        self, painter: QPainter, rect: QRectF, points: list[QPointF], mode: Mode | None
    ) -> None:
        bottom = rect.bottom()
        polygon = QPolygonF(
            [QPointF(points[0].x(), bottom), *points, QPointF(points[-1].x(), bottom)]
        )
        colour = self.theme.between_runs if mode is None else self.theme.mode_colour(mode)
        painter.setBrush(QColor(colour))
        painter.drawPolygon(polygon)

    def _paint_label(self, painter: QPainter, rect: QRectF, text: str) -> None:
        """Top left, on a dark patch so it reads over a full graph of any colour."""
        metrics = painter.fontMetrics()
        patch = QRectF(
            rect.left(),
            rect.top(),
            metrics.horizontalAdvance(text) + 2 * LABEL_PAD_PX,
            metrics.height() + LABEL_PAD_PX,
        )
        painter.fillRect(patch, QColor(self.theme.graph_background))
        painter.setPen(QColor(self.theme.text))
        painter.drawText(patch, Qt.AlignmentFlag.AlignCenter, text)
