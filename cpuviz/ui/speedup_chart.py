"""Every run so far as a bar of its speedup, against the ideal and Amdahl's law.

The x axis is the number of workers. The ideal line climbs one per worker until the cores run
out; the serial baseline is the line at 1×. For the latest run of each mode a dashed Amdahl
curve shows where that run's measured serial fraction would lead with more cores: flat at 1×
for threads under the GIL, climbing for processes. Items are rebuilt only when a run finishes.
"""

from __future__ import annotations

from collections import defaultdict

import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont, QPen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from cpuviz.core.runs.amdahl import amdahl_speedup, serial_fraction
from cpuviz.core.runs.plan import Mode
from cpuviz.core.runs.results import RunReport
from cpuviz.ui.plot_style import still_plot, style_axis
from cpuviz.ui.theme import Theme

GROUP_WIDTH = 0.8
CURVE_POINTS = 60
HEADROOM = 1.25
LEGEND = "— ideal  ┈ serial"
LABEL_Z = 10  # above every line and curve
NAMED_TICKS = 4  # up to this many workers, ticks say "2 workers", beyond just "8"


class SpeedupChart(QWidget):
    """Bars, lines and curves for the runs added so far; Clear empties it (and the runs list)."""

    clear_clicked = Signal()

    def __init__(self, theme: Theme, cores: int) -> None:
        super().__init__()
        self._theme = theme
        self._cores = cores
        self.reports: list[RunReport] = []
        self.amdahl: dict[Mode, float] = {}  # the serial fraction each mode's curve is drawn for
        self.plot_widget = pg.PlotWidget(background=theme.panel)
        self._plot = self.plot_widget.getPlotItem()
        still_plot(self._plot)
        self._font = QFont()
        self._font.setBold(True)

        self.clear = QPushButton("Clear")
        self.clear.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.clear.setToolTip("Forget the runs so far (the serial baselines are kept)")
        self.clear.clicked.connect(self.clear_clicked)
        self.legend = QLabel(LEGEND)
        self.legend.setToolTip(
            "Bars: each run's speedup vs serial, at its number of workers. Solid line: the "
            "ideal, one core per worker. Dotted: the serial baseline. Dashed: Amdahl's law for "
            "the serial fraction the latest run of each mode measured."
        )
        self.legend.setObjectName("muted")
        self.legend.setAlignment(Qt.AlignmentFlag.AlignTop)
        side = QVBoxLayout()
        side.addWidget(self.legend, stretch=1)
        side.addWidget(self.clear)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.plot_widget, stretch=1)
        layout.addLayout(side)
        self.set_theme(theme)

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.plot_widget.setBackground(theme.panel)
        for side in ("left", "bottom"):
            style_axis(self._plot.getAxis(side), theme)
        self._font.setPixelSize(theme.base_px - 2)
        self._redraw()

    def add_report(self, report: RunReport) -> None:
        if report.speedup is None or report.is_baseline:
            return
        self.reports.append(report)
        self._redraw()

    def clear_runs(self) -> None:
        self.reports.clear()
        self._redraw()

    @property
    def max_workers(self) -> int:
        return max([self._cores, *(r.result.plan.worker_count for r in self.reports)])

    def _redraw(self) -> None:
        plot = self._plot
        plot.clear()
        right = self.max_workers + 0.6
        top = HEADROOM * max([self._cores, *(r.speedup or 0 for r in self.reports)])
        plot.setXRange(0.4, right, padding=0)
        plot.setYRange(0, top, padding=0)
        named = self.max_workers <= NAMED_TICKS
        plot.getAxis("bottom").setTicks(
            [
                [
                    (n, f"{n} worker{'s' * (n > 1)}" if named else str(n))
                    for n in range(1, self.max_workers + 1, _tick_step(self.max_workers))
                ]
            ]
        )
        plot.getAxis("left").setTicks(
            [[(y, f"{y}×") for y in range(0, int(top) + 1, _tick_step(int(top)))]]
        )
        self._draw_lines(right)
        self._draw_bars()
        self._draw_amdahl(right)

    def _draw_lines(self, right: float) -> None:
        theme = self._theme
        ideal = [(n, min(n, self._cores)) for n in (1, self._cores, right)]
        self._plot.plot(*zip(*ideal, strict=True), pen=pg.mkPen(theme.text, width=2))
        baseline = pg.InfiniteLine(pos=1, angle=0, pen=_pen(theme.serial, Qt.PenStyle.DotLine))
        self._plot.addItem(baseline)

    def _draw_bars(self) -> None:
        groups: dict[int, list[RunReport]] = defaultdict(list)
        for report in self.reports:
            groups[report.result.plan.worker_count].append(report)
        for workers, reports in groups.items():
            width = GROUP_WIDTH / len(reports)
            for index, report in enumerate(reports):
                x = workers - GROUP_WIDTH / 2 + width * (index + 0.5)
                colour = self._theme.mode_colour(report.result.plan.mode)
                speedup = report.speedup or 0.0
                bar = pg.BarGraphItem(
                    x=[x], height=[speedup], width=width * 0.9, brush=colour, pen=None
                )
                self._plot.addItem(bar)
                # On a panel-coloured patch, above the lines: a threads bar ends right at the
                # 1× lines, which would otherwise strike through its label.
                label = pg.TextItem(
                    f"{speedup:.1f}×", color=self._theme.text, fill=self._theme.panel,
                    anchor=(0.5, 1),
                )  # fmt: skip
                label.setFont(self._font)
                label.setPos(x, speedup)
                label.setZValue(LABEL_Z)
                self._plot.addItem(label)

    def _draw_amdahl(self, right: float) -> None:
        """A curve for the latest run of each mode, for the serial fraction that run implies."""
        latest = {report.result.plan.mode: report for report in self.reports}
        self.amdahl = {}
        for mode, report in latest.items():
            serial = serial_fraction(report.speedup or 0.0, report.ideal_speedup)
            if serial is None:
                continue
            self.amdahl[mode] = serial
            colour = self._theme.mode_colour(mode)
            workers = [1 + (right - 1) * step / CURVE_POINTS for step in range(CURVE_POINTS + 1)]
            speedups = [amdahl_speedup(serial, min(n, self._cores)) for n in workers]
            self._plot.plot(workers, speedups, pen=_pen(colour, Qt.PenStyle.DashLine))
        self.legend.setText("<br>".join([LEGEND, *self._amdahl_lines()]))

    def _amdahl_lines(self) -> list[str]:
        return [
            f'<span style="color: {self._theme.mode_colour(mode)}">'
            f"╌ {mode.title}: {serial:.0%} serial</span>"
            for mode, serial in self.amdahl.items()
        ]


def _pen(colour: str, style: Qt.PenStyle) -> QPen:
    pen = pg.mkPen(QColor(colour), width=3)
    pen.setStyle(style)
    return pen


def _tick_step(span: int) -> int:
    """1, 2, 4, 8 …: at most about eight ticks on an axis."""
    step = 1
    while span / step > 8:
        step *= 2
    return step
