"""The GIL page: one lane per worker thread, lit where the thread ran, at 1 ms a column: the
last 0.1 s zoomed above the last 0.6 s.

Threads of one process pass the baton (one lit lane at a time, changing every switch
interval); C code that releases the GIL lights them together; processes light one lane each,
all the time. At Python's own 5 ms a turn is a few pixels of the 0.6 s overview, an even
barcode from the back row; the zoom makes each a block wide enough to count. Beside the
lanes, in large type, what they add up to: how often the GIL changed hands and how long each
thread waited for it (as time, not a percentage, which on this screen means CPU), next to
the switch interval in force, which a presenter can slow down so the room can follow the
baton by eye.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from cpuviz.core.gil.readers import SLOT_S
from cpuviz.core.gil.trace import HISTORY_SLOTS, MAX_THREADS_SHOWN, GilFigures, GilSlots
from cpuviz.core.runs.plan import Mode
from cpuviz.core.runs.switch_interval import PYTHONS_OWN, SWITCH_INTERVALS, SwitchInterval
from cpuviz.ui.gil_lanes import GilStrip, LaneColumns
from cpuviz.ui.theme import Theme

# The zoom's columns: at 1024 pixels about 5 pixels a millisecond, so a 5 ms turn is 25.
ZOOM_SLOTS = 100
ZOOM_CAPTION = f"Last {ZOOM_SLOTS * SLOT_S:g} s, zoomed ×{HISTORY_SLOTS // ZOOM_SLOTS}"
# The figures beside the lanes: room for their sentences in two lines each at 1024 pixels.
FIGURES_PX = 430
CLUSTER_SUMMARY = (
    "Cluster: every Dask worker is a process with a GIL of its own, here or on another "
    "machine; no GIL changes hands between them"
)


INTERVAL_TIP = (
    "How long a thread may hold the GIL before it must offer it to the others "
    "(sys.setswitchinterval in the workers). Python's own is 5 ms; 50 or 200 ms is "
    "slow motion, to follow the baton by eye"
)
INTERVAL_NOT_OURS = (
    "These threads keep their own switch interval: a watched program sets its own, and a "
    "recording shows its threads as they ran"
)


class GilPage(QWidget):
    """Lanes on the left; the figures, the switch interval and its control on the right."""

    switch_interval_chosen = Signal(object)  # SwitchInterval

    def __init__(self, theme: Theme) -> None:
        super().__init__()
        self._mode = Mode.THREADS
        self.columns = LaneColumns()
        self.zoom = GilStrip(self.columns, ZOOM_SLOTS, theme.panel)
        self.lanes = GilStrip(self.columns, HISTORY_SLOTS, theme.panel)
        self.set_theme(theme)
        self.zoom_caption = QLabel(ZOOM_CAPTION)
        self.zoom_caption.setObjectName("figure")
        self.summary = QLabel()
        self.summary.setObjectName("muted")
        self.handoffs = QLabel("–")
        self.handoffs.setObjectName("figure")
        self.waiting = QLabel("–")
        self.waiting.setObjectName("figure")
        self.interval = QComboBox()
        for interval in SWITCH_INTERVALS:
            self.interval.addItem(interval.label, interval)
        self.interval.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.interval.setToolTip(INTERVAL_TIP)
        self.interval.currentIndexChanged.connect(
            lambda _: self.switch_interval_chosen.emit(self.interval.currentData())
        )
        for label in (self.summary, self.handoffs, self.waiting):
            label.setWordWrap(True)
        interval_row = QHBoxLayout()
        interval_row.addWidget(QLabel("Switch interval"))
        interval_row.addWidget(self.interval)
        interval_row.addStretch(1)
        figures = QWidget()
        figures.setFixedWidth(FIGURES_PX)
        figures_layout = QVBoxLayout(figures)
        figures_layout.setContentsMargins(0, 0, 0, 0)
        figures_layout.addWidget(self.handoffs)
        figures_layout.addWidget(self.waiting)
        figures_layout.addLayout(interval_row)
        figures_layout.addStretch(1)
        left = QVBoxLayout()
        left.addWidget(self.zoom_caption)
        left.addWidget(self.zoom, stretch=2)
        left.addWidget(self.summary)
        left.addWidget(self.lanes, stretch=1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, stretch=1)
        layout.addWidget(figures)
        self._say_what_lanes_show(SLOT_S * 1000, threads=0)

    def choose_interval(self, interval: SwitchInterval) -> None:
        """Choose `interval` as the presenter would (and say so, if it is a change)."""
        self.interval.setCurrentIndex(SWITCH_INTERVALS.index(interval))

    def set_theme(self, theme: Theme) -> None:
        """Every column recoloured at once (the lanes' image keeps which cells are lit)."""
        self._theme = theme
        self.columns.colour(theme.graph_background, theme.mode_colour(self._mode))
        for strip in (self.zoom, self.lanes):
            strip.panel = theme.panel
            strip.update()

    def offer_interval(self, offered: bool) -> None:
        """The switch interval is the workers' to set: greyed out, saying why, for threads
        that are not (a watched program's, a recording's)."""
        self.interval.setEnabled(offered)
        self.interval.setToolTip(INTERVAL_TIP if offered else INTERVAL_NOT_OURS)

    def show_run(self, mode: Mode) -> None:
        """A new run: its lanes start empty, in its mode's colour."""
        self._mode = mode
        self.columns.clear()
        self.set_theme(self._theme)
        self.handoffs.setText("–")
        self.waiting.setText("–")
        # A cluster run is not sampled: say why its lanes stay dark (the next run's lanes
        # say what they show when they come).
        self.summary.setText(CLUSTER_SUMMARY if mode is Mode.CLUSTER else "")

    def show_slots(self, slots: GilSlots) -> None:
        self.columns.add(slots)
        self.zoom.update()
        self.lanes.update()
        self.show_figures(slots.figures)
        self._say_what_lanes_show(slots.resolution_ms, slots.figures.threads)

    def _say_what_lanes_show(self, resolution_ms: float, threads: int) -> None:
        """A line over the overview, short enough to leave the lanes their height: a longer
        note (coarse readings) is said in a few words, and in full in the tooltip."""
        shown = min(threads, MAX_THREADS_SHOWN)
        text = f"Last {HISTORY_SLOTS * SLOT_S:g} s · lit where a thread ran"
        if threads > shown:
            text += f" · lanes for the first {shown} of {threads} threads"
        tooltip = ""
        # Readings a little slower than a slot (a loaded machine) still show 5 ms turns.
        if resolution_ms >= PYTHONS_OWN.ms:
            text += f" · read every {resolution_ms:g} ms: quicker turns blur"
            tooltip = (
                f"This system is read every {resolution_ms:g} ms (from per-thread CPU times "
                "where it offers no thread states): turns quicker than that look like threads "
                "running together; slow motion shows them"
            )
        self.summary.setText(text)
        self.summary.setToolTip(tooltip)

    def show_figures(self, figures: GilFigures) -> None:
        """The figures, for comparison with the switch interval shown beneath them."""
        if figures.handoffs_per_s > 0:
            every_ms = 1000 / figures.handoffs_per_s
            self.handoffs.setText(
                f"The GIL changed hands {figures.handoffs_per_s:.0f}× a second: "
                f"every {every_ms:.0f} ms"
            )
        else:
            self.handoffs.setText("The GIL did not change hands")
        self.waiting.setText(waiting_text(figures))
        self.waiting.setToolTip(
            "The share of their time the threads slept while another thread of their process "
            f"ran. They ran side by side {figures.overlap_pct:.0f} % of the time some ran"
        )


def waiting_text(figures: GilFigures) -> str:
    """How long the threads waited for the GIL, as seconds of every second: on a screen whose
    percentages are CPU, a bare "49 %" of waiting reads as half a core busy."""
    waited_s = round(figures.waiting_pct / 100, 2)  # of each thread's every second
    if not waited_s:
        return "No thread waited for the GIL"
    return f"Each thread waited for the GIL {waited_s:.2f} s of every second"
