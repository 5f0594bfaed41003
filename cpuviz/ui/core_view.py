"""The picture the room watches: every core, as history graphs or as bars, and how many are busy.

Graphs are the default: a run leaves its colour on each core's graph for half a minute, so the
audience sees "one core busy" or "every core full" long after the moment; bars show only this
instant, and fall back to 0 % the moment a run ends. Past 32 cores the graphs are small tiles
and the bars are heat cells.

Both histories (the graphs and the bars' strip) record every sample, so B switches between the
views at once and each shows the same recent past; the bars themselves, which show only the
latest sample, are drawn only while they are shown.

Around the picture, one figure per idea: over it, how many cores the run keeps busy and, while
a run goes, what the run before it kept busy, in the same words, so the room compares them
mid-run; across the graphs, when one core's worth of work is spread over several half-full
cores, a sentence that says so; under them, the key to their colours and their time span.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStackedWidget, QVBoxLayout, QWidget

from cpuviz.core.runs.cluster_messages import ClusterView, HostCores
from cpuviz.core.runs.plan import Mode
from cpuviz.core.runs.results import RunReport
from cpuviz.core.sampling.hop import HopWatch
from cpuviz.core.sampling.sources import CpuSample
from cpuviz.options import CORE_VIEWS
from cpuviz.ui.colour_key import ColourKey
from cpuviz.ui.core_bars import CoreBars
from cpuviz.ui.core_graphs import GRAPH_S, CoreGraphs
from cpuviz.ui.history_strip import HISTORY_S, HistoryStrip
from cpuviz.ui.other_machines import OtherMachines
from cpuviz.ui.readouts import ElidingLabel, LoadReadout
from cpuviz.ui.results import report_cells
from cpuviz.ui.theme import Theme

# Runs in which one worker at a time runs Python: their one core's worth is what moves.
ONE_AT_A_TIME = frozenset({Mode.SERIAL, Mode.THREADS, Mode.ASYNCIO})


def hop_note(cores_shared: int, core_count: int) -> str:
    """What the graphs say while one core's worth of work is spread over several cores."""
    if not cores_shared:
        return ""
    over = "both cores" if cores_shared == core_count == 2 else f"{cores_shared} cores"
    return f"⇄ one core's worth of work, moving between {over}"


def previous_run_text(report: RunReport) -> str:
    """'before: 1.96 cores busy · 1.90× serial · Processes × 2': the run before this one, its cores
    in the readout's words first (cut at the end where the line is short)."""
    busy = report.result.busy_cores
    parts = ["before:" if busy is None else f"before: {busy:.2f} cores busy"]
    if report.speedup is not None:
        parts.append(f"{report.speedup:.2f}× serial")
    return " · ".join([*parts, report_cells(report)[0]])


class CoreView(QWidget):
    """A line saying how many cores are busy, over the graphs or the bars (with their strip),
    and under them the key to the colours."""

    def __init__(self, core_count: int, interval_ms: int, theme: Theme, view: str) -> None:
        super().__init__()
        self.readout = LoadReadout(core_count)
        self.previous_run = ElidingLabel()
        self.previous_run.setObjectName("muted")
        self.previous_run.hide()
        self._previous: RunReport | None = None
        self._running: Mode | None = None
        self._hop = HopWatch(core_count)
        self.colour_key = ColourKey(theme)
        self._theme = theme
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
        top.addWidget(self.previous_run, stretch=1)  # in the span's place while a run goes
        top.addWidget(self.span_label, stretch=1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.pages, stretch=1)
        layout.addWidget(self.colour_key)
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
        """A run of `mode` starts (None: no run goes): the run before it is shown beside the
        readout while it goes, and what the graphs say of the last run is forgotten."""
        self._running = mode
        self.readout.begin_run() if mode is not None else self.readout.end_run()
        self.graphs.set_running_mode(mode)
        self.bars.set_running_mode(mode)
        self.history.set_running_mode(mode)
        self._hop.reset()
        self.graphs.set_note("")
        previous = self._previous
        comparing = mode is not None and previous is not None
        self.previous_run.setVisible(comparing)
        self.span_label.setHidden(comparing)
        if previous is not None:
            self.previous_run.set_full_text(previous_run_text(previous))
            self._colour_previous()

    def _colour_previous(self) -> None:
        """In its mode's colour, which says whose figure it is where the line is cut short."""
        if self._previous is not None:
            colour = self._theme.mode_colour(self._previous.result.plan.mode)
            self.previous_run.setStyleSheet(f"color: {colour};")

    def add_report(self, report: RunReport) -> None:
        """A run ended with `report`: the next run is compared with it (a serial baseline is
        what speedups are measured against, not a run to compare with)."""
        if not report.is_baseline:
            self._previous = report

    def clear_reports(self) -> None:
        self._previous = None
        self.previous_run.hide()
        self.span_label.show()

    def show_sample(self, sample: CpuSample) -> None:
        self._latest = sample
        self.readout.show_sample(sample)
        self.graphs.show_sample(sample)
        self.colour_key.show_entries(self.graphs.drawn())
        if self._running in ONE_AT_A_TIME:
            shared = self._hop.add(sample.run_pct or sample.per_core_pct)
            self.graphs.set_note(hop_note(shared, self.graphs.core_count))
        self.history.show_sample(sample)
        if self.view == "bars":
            self.bars.show_sample(sample)

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        for widget in (self.graphs, self.bars, self.history, self.other_machines, self.colour_key):
            widget.set_theme(theme)
        self._colour_previous()
