"""The picture the room watches: every core, as history graphs or as bars, and how many are busy.

Graphs are the default: a run leaves its colour on each core's graph for half a minute, so the
audience sees "one core busy" or "every core full" long after the moment; bars show only this
instant, and fall back to 0 % the moment a run ends. Past 32 cores the graphs are small tiles
and the bars are heat cells.

Both histories (the graphs and the bars' strip) record every sample, so B switches between the
views at once and each shows the same recent past; the bars themselves, which show only the
latest sample, are drawn only while they are shown.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStackedWidget, QVBoxLayout, QWidget

from cpuviz.core.runs.cluster_messages import ClusterView, HostCores
from cpuviz.core.runs.plan import Mode
from cpuviz.core.sampling.sources import CpuSample
from cpuviz.options import CORE_VIEWS
from cpuviz.ui.core_bars import CoreBars
from cpuviz.ui.core_graphs import GRAPH_S, CoreGraphs
from cpuviz.ui.history_strip import HISTORY_S, HistoryStrip
from cpuviz.ui.other_machines import OtherMachines
from cpuviz.ui.readouts import LoadReadout
from cpuviz.ui.theme import Theme


class CoreView(QWidget):
    """A line saying how many cores are busy, over the graphs or the bars (with their strip)."""

    def __init__(self, core_count: int, interval_ms: int, theme: Theme, view: str) -> None:
        super().__init__()
        self.readout = LoadReadout(core_count)
        self.graphs = CoreGraphs(core_count, interval_ms, theme)
        self.bars = CoreBars(core_count, theme)
        self.history = HistoryStrip(core_count, interval_ms, theme)
        self.span_label = QLabel()
        self.span_label.setObjectName("muted")
        self.span_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._latest: CpuSample | None = None
        self.other_machines = OtherMachines(theme)

        history_label = QLabel(f"{HISTORY_S} s")
        history_label.setObjectName("muted")
        history_label.setToolTip(self.history.toolTip())
        history_row = QHBoxLayout()
        history_row.addWidget(history_label)
        history_row.addWidget(self.history, stretch=1)
        bars_page = QWidget()
        bars_layout = QVBoxLayout(bars_page)
        bars_layout.setContentsMargins(0, 0, 0, 0)
        bars_layout.setSpacing(6)
        bars_layout.addWidget(self.bars, stretch=1)
        bars_layout.addLayout(history_row)

        self.pages = QStackedWidget()
        self.pages.addWidget(self.graphs)
        self.pages.addWidget(bars_page)
        top = QHBoxLayout()
        top.addWidget(self.readout)
        top.addStretch(1)
        top.addWidget(self.span_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.pages, stretch=1)
        layout.addWidget(self.other_machines)
        self.show_view(view)

    def show_view(self, view: str) -> None:
        """'graphs' or 'bars'."""
        self.view = view
        graphs = view == "graphs"
        self.pages.setCurrentIndex(0 if graphs else 1)
        if not graphs and self._latest is not None:
            self.bars.show_sample(self._latest)
        self._show_span()

    def _show_span(self) -> None:
        graphs = self.view == "graphs"
        span = f"last {GRAPH_S} s, newest on the right" if graphs else "now · strip: 60 s"
        # With other machines under it, the big picture says whose cores it shows.
        here = "this machine · " if self.other_machines.machines() else ""
        self.span_label.setText(here + span)

    def show_cluster(self, view: ClusterView | None) -> None:
        """Cluster mode: a row under this machine's cores for every other machine with Dask
        workers (None: no cluster, no rows)."""
        self.other_machines.show_cluster(view)
        self._show_span()

    def show_host_cores(self, reading: HostCores) -> None:
        self.other_machines.show_cores(reading)

    def toggle_view(self) -> None:
        """Graphs ⇄ bars."""
        self.show_view(CORE_VIEWS[1 - CORE_VIEWS.index(self.view)])

    def set_running_mode(self, mode: Mode | None) -> None:
        self.graphs.set_running_mode(mode)
        self.bars.set_running_mode(mode)

    def show_sample(self, sample: CpuSample) -> None:
        self._latest = sample
        self.readout.show_sample(sample)
        self.graphs.show_sample(sample)
        self.history.show_sample(sample)
        if self.view == "bars":
            self.bars.show_sample(sample)

    def set_theme(self, theme: Theme) -> None:
        for widget in (self.graphs, self.bars, self.history, self.other_machines):
            widget.set_theme(theme)
