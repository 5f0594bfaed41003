"""The per-core bar chart: one bar per logical CPU, with its load written on it.

Cheap by construction, because a visualiser that eats the CPU it shows would lie: every bar and
label is a plain QGraphicsItem made once, a sample only touches the bars whose whole-percent
value changed, and Qt then repaints just those small rectangles. (A pyqtgraph BarGraphItem
redraws the whole plot area, grid and axes included, on every change: about 3 % of a core at
10 Hz on the development machine, against well under 1 % this way.)

Where a sample says which part of a core's load was the run's, that part is a bar of the run's
mode colour at the bottom and the rest, other programs', the theme's neutral grey above it, as
in the graphs. A heat cell (past MAX_BAR_CORES) has room for one colour: the graphs' background
mixed toward the run's colour by its share and toward grey by other programs'. Where nobody
knows whose the load was (a recording made before it was read), all of it counts as the run's.
"""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPen, QTransform
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsLineItem,
    QGraphicsRectItem,
    QGraphicsSimpleTextItem,
)

from cpuviz.core.runs.plan import Mode
from cpuviz.core.sampling.sources import CpuSample
from cpuviz.ui.plot_style import still_plot, style_axis
from cpuviz.ui.theme import Theme

# Past this many cores, bars would be hairlines with overlapping numbers: each core becomes a
# square heat cell in a grid instead, its colour telling the load.
MAX_BAR_CORES = 32
CELL_SIZE = 0.86
CELL_STEP_PCT = 5  # heat cells mix in steps this big: a few hundred brushes, made once each
TALL_BAR_PCT = 80
BAR_WIDTH = 0.72
GRID_PCT = (25, 50, 75, 100)
LABEL_GAP_PX = 4


class CoreBars(pg.PlotWidget):
    """Display-only chart: items are created once, and each sample only changes their data."""

    def __init__(self, core_count: int, theme: Theme, *, columns: int | None = None) -> None:
        """Bars up to MAX_BAR_CORES, else heat cells; heat cells in `columns` if given (a
        strip for one machine of a cluster)."""
        super().__init__(background=theme.panel)
        self.core_count = core_count
        # Columns of the heat-cell grid (about twice as wide as tall), or 0 for bars.
        self.grid_columns = columns or (
            0 if core_count <= MAX_BAR_CORES else math.ceil(math.sqrt(2 * core_count))
        )
        self.grid_rows = math.ceil(core_count / self.grid_columns) if self.grid_columns else 0
        plot = self.getPlotItem()
        still_plot(plot)
        self._grid_lines: list[QGraphicsLineItem] = []
        if self.grid_columns:
            plot.hideAxis("left")
            plot.hideAxis("bottom")
            plot.invertY(True)  # core 0 top left, reading order
            plot.setXRange(0, self.grid_columns, padding=0.01)
            plot.setYRange(0, self.grid_rows, padding=0.02)
        else:
            plot.setXRange(-0.6, core_count - 0.4, padding=0)
            plot.setYRange(0, 105, padding=0)
            self._set_ticks(plot)
            self._grid_lines = [self._add_grid_line(plot, pct) for pct in GRID_PCT]

        # What each bar shows now, in whole percent: the load, and the run's share of it.
        self._shown: list[tuple[int, int] | None] = [None] * core_count
        self._bars = [self._make_bar(plot, core) for core in range(core_count)]
        self._run_bars: list[QGraphicsRectItem] = []
        if not self.grid_columns:
            self._run_bars = [self._make_bar(plot, core) for core in range(core_count)]
        self._running: Mode | None = None
        self._cell_brushes: dict[tuple[int, int], QBrush] = {}
        self._labels: list[QGraphicsSimpleTextItem] = []
        if not self.grid_columns:
            self._labels = [self._make_label(plot) for _ in range(core_count)]
        self._last_sample = CpuSample((0.0,) * core_count, 0.0)
        self.set_theme(theme)

    def set_theme(self, theme: Theme) -> None:
        """Colours and type from `theme`; the bars keep showing what they showed."""
        self.setBackground(theme.panel)
        self.theme = theme
        self._other_brush = QBrush(QColor(theme.other_load))
        plot = self.getPlotItem()
        if not self.grid_columns:
            for side in ("bottom", "left"):
                style_axis(plot.getAxis(side), theme)
        pen = QPen(QColor(theme.grid))
        pen.setCosmetic(True)
        for line in self._grid_lines:
            line.setPen(pen)
        font = QFont()
        font.setPixelSize(theme.label_px if self.core_count <= 8 else theme.base_px - 4)
        font.setBold(True)
        for label in self._labels:
            label.setFont(font)
            label.setBrush(QColor(theme.text))
        self.set_running_mode(self._running)  # repaints every bar in the new colours

    def set_running_mode(self, mode: Mode | None) -> None:
        """The run's share from now on is drawn in `mode`'s colour (None: between runs)."""
        self._running = mode
        theme = self.theme
        self._run_colour = theme.between_runs if mode is None else theme.mode_colour(mode)
        brush = QBrush(QColor(self._run_colour))
        for bar in self._run_bars:
            bar.setBrush(brush)
        if not self.grid_columns:  # a bar's load is grey where the run's share does not cover it
            for bar in self._bars:
                bar.setBrush(self._other_brush)
        self._cell_brushes.clear()
        self._shown = [None] * self.core_count
        self.show_sample(self._last_sample)

    def _set_ticks(self, plot: pg.PlotItem) -> None:
        step = 1 if self.core_count <= 16 else max(1, self.core_count // 16)
        prefix = "CPU " if self.core_count <= 8 else ""
        plot.getAxis("bottom").setTicks(
            [[(core, f"{prefix}{core}") for core in range(0, self.core_count, step)]]
        )
        plot.getAxis("left").setTicks([[(pct, f"{pct}%") for pct in (0, *GRID_PCT)]])

    def _add_grid_line(self, plot: pg.PlotItem, pct: int) -> QGraphicsLineItem:
        """A static line behind the bars; unlike an axis grid, repainting a bar leaves it be."""
        line = QGraphicsLineItem(QLineF(-0.6, pct, self.core_count - 0.4, pct))
        line.setZValue(-1)
        plot.addItem(line)
        return line

    def _make_bar(self, plot: pg.PlotItem, core: int) -> QGraphicsRectItem:
        bar = QGraphicsRectItem(self._cell(core) if self.grid_columns else QRectF(core, 0, 0, 0))
        bar.setPen(Qt.PenStyle.NoPen)
        plot.addItem(bar)
        return bar

    def _cell(self, core: int) -> QRectF:
        """Where a core's heat cell sits in the grid: rows of `grid_columns`, in reading order."""
        row, column = divmod(core, self.grid_columns)
        margin = (1 - CELL_SIZE) / 2
        return QRectF(column + margin, row + margin, CELL_SIZE, CELL_SIZE)

    def _make_label(self, plot: pg.PlotItem) -> QGraphicsSimpleTextItem:
        label = QGraphicsSimpleTextItem()
        # Sized in screen pixels whatever the chart's scale, and drawn upright.
        label.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        label.setZValue(1)
        plot.addItem(label)
        return label

    def show_sample(self, sample: CpuSample) -> None:
        self._last_sample = sample
        for core, (shown, run) in enumerate(sample.shown_pct(self.core_count)):
            if (shown, run) == self._shown[core]:
                continue
            self._shown[core] = (shown, run)
            if self.grid_columns:  # a heat cell keeps its size: only its colour changes
                self._bars[core].setBrush(self._cell_brush(run, shown - run))
                continue
            self._bars[core].setRect(core - BAR_WIDTH / 2, 0, BAR_WIDTH, shown)
            self._run_bars[core].setRect(core - BAR_WIDTH / 2, 0, BAR_WIDTH, run)
            self._place_label(self._labels[core], core, shown)

    def _cell_brush(self, run_pct: int, other_pct: int) -> QBrush:
        key = (_step(run_pct), _step(other_pct))
        brush = self._cell_brushes.get(key)
        if brush is None:
            colour = self.theme.core_colour(self._run_colour, *key)
            brush = self._cell_brushes[key] = QBrush(QColor(colour))
        return brush

    @staticmethod
    def _place_label(label: QGraphicsSimpleTextItem, core: int, shown: int) -> None:
        label.setText(f"{shown}%")
        size = label.boundingRect()
        # On a tall bar the number hangs inside its top; otherwise it sits on top of it.
        tall = shown > TALL_BAR_PCT
        offset_y = LABEL_GAP_PX if tall else -size.height() - LABEL_GAP_PX
        label.setTransform(QTransform.fromTranslate(-size.width() / 2, offset_y))
        label.setPos(core, shown)

    def label_texts(self) -> list[str]:
        """What each bar says now (for tests and accessibility)."""
        return [label.text() for label in self._labels]

    def shown_pct(self) -> list[int]:
        """The load each bar (or heat cell) shows, in whole percent."""
        return [shown[0] if shown else 0 for shown in self._shown]

    def shown_run_pct(self) -> list[int]:
        """The run's share each bar (or heat cell) shows in the run's colour."""
        return [shown[1] if shown else 0 for shown in self._shown]

    def cell_colours(self) -> list[str]:
        """Each heat cell's colour, as "#rrggbb" (for tests)."""
        return [bar.brush().color().name() for bar in self._bars]

    def core_rects(self) -> list[QRectF]:
        """Each core's bar or cell, in chart coordinates (for tests)."""
        return [bar.rect() for bar in self._bars]


def _step(pct: int) -> int:
    return CELL_STEP_PCT * round(pct / CELL_STEP_PCT)
