"""The per-core bar chart: one bar per logical CPU, with its load written on it."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor, QFont

from cpuviz.core.sources import CpuSample
from cpuviz.ui.theme import Theme

# Past this many cores, per-bar numbers would overlap; the colour still tells the load.
MAX_LABELLED_CORES = 32
BRUSH_STEPS = 20
TALL_BAR_PCT = 80


class CoreBars(pg.PlotWidget):
    """Display-only chart: items are created once, and each sample only changes their data."""

    def __init__(self, core_count: int, theme: Theme) -> None:
        super().__init__(background=theme.panel)
        self.core_count = core_count
        self._brushes = [
            pg.mkBrush(theme.load_colour(100 * step / BRUSH_STEPS))
            for step in range(BRUSH_STEPS + 1)
        ]
        plot = self.getPlotItem()
        plot.setMenuEnabled(False)
        plot.setMouseEnabled(x=False, y=False)
        plot.hideButtons()
        plot.disableAutoRange()
        plot.setXRange(-0.6, core_count - 0.4, padding=0)
        plot.setYRange(0, 105, padding=0)
        plot.showGrid(x=False, y=True, alpha=0.25)
        self._style_axes(plot, theme)

        self._x = np.arange(core_count)
        self._bars = pg.BarGraphItem(
            x=self._x,
            height=np.zeros(core_count),
            width=0.72,
            brushes=self._brushes[:1] * core_count,
            pen=pg.mkPen(None),
        )
        plot.addItem(self._bars)
        self._labels: list[pg.TextItem] = []
        self._label_texts: list[str] = []
        if core_count <= MAX_LABELLED_CORES:
            font = QFont()
            font.setPixelSize(theme.label_px if core_count <= 8 else theme.base_px - 4)
            font.setBold(True)
            for core in range(core_count):
                label = pg.TextItem("", color=theme.text, anchor=(0.5, 1.0))
                label.setFont(font)
                label.setPos(core, 0)
                plot.addItem(label)
                self._labels.append(label)
                self._label_texts.append("")

    def _style_axes(self, plot: pg.PlotItem, theme: Theme) -> None:
        font = QFont()
        font.setPixelSize(theme.base_px)
        step = 1 if self.core_count <= 16 else max(1, self.core_count // 16)
        prefix = "CPU " if self.core_count <= 8 else ""
        bottom = plot.getAxis("bottom")
        bottom.setTicks([[(core, f"{prefix}{core}") for core in range(0, self.core_count, step)]])
        left = plot.getAxis("left")
        left.setTicks([[(pct, f"{pct}%") for pct in (0, 25, 50, 75, 100)]])
        for axis in (bottom, left):
            axis.setStyle(tickFont=font, tickLength=0)
            axis.setTextPen(QColor(theme.muted))
            axis.setPen(QColor(theme.grid))

    def show_sample(self, sample: CpuSample) -> None:
        heights = np.asarray(sample.per_core_pct[: self.core_count], dtype=float)
        steps = np.clip(np.rint(heights * BRUSH_STEPS / 100), 0, BRUSH_STEPS).astype(int)
        self._bars.setOpts(height=heights, brushes=[self._brushes[step] for step in steps])
        for core, label in enumerate(self._labels):
            text = f"{heights[core]:.0f}%"
            if text != self._label_texts[core]:
                self._label_texts[core] = text
                label.setText(text)
                # On a tall bar the number hangs inside its top; otherwise it sits on top of it.
                tall = heights[core] > TALL_BAR_PCT
                label.setAnchor((0.5, 0.0) if tall else (0.5, 1.0))
                label.setPos(core, heights[core] - 1 if tall else heights[core] + 1)

    def label_texts(self) -> list[str]:
        """What each bar says now (for tests and accessibility)."""
        return list(self._label_texts)
