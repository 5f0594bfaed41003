"""The look every display-only pyqtgraph chart here shares: still, themed, readable far away."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtGui import QColor, QFont

from cpuviz.ui.theme import Theme


def still_plot(plot: pg.PlotItem) -> None:
    """No menu, no mouse, no auto-range: a chart for an audience, not for exploring."""
    plot.setMenuEnabled(False)
    plot.setMouseEnabled(x=False, y=False)
    plot.hideButtons()
    plot.disableAutoRange()


def style_axis(axis: pg.AxisItem, theme: Theme) -> None:
    """Tick labels in the theme's body size and muted colour, without tick marks."""
    font = QFont()
    font.setPixelSize(theme.base_px)
    axis.setStyle(tickFont=font, tickLength=0)
    axis.setTextPen(QColor(theme.muted))
    axis.setPen(QColor(theme.grid))
