"""The GIL page: one lane per worker thread, lit where the thread ran, the last 0.6 s at 1 ms.

Threads of one process pass the baton (one lit lane at a time, changing every switch
interval); C code that releases the GIL lights them together; processes light one lane each,
all the time. Beside the lanes, in large type, what the lanes add up to: how often the GIL
changed hands and how much of their time the threads waited for it, next to the switch
interval in force, which a presenter can slow down so the room can follow the baton by eye.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from cpuviz.core.gil.readers import SLOT_S
from cpuviz.core.gil.trace import HISTORY_SLOTS, MAX_THREADS_SHOWN, GilFigures, GilSlots
from cpuviz.core.runs.plan import Mode
from cpuviz.core.runs.switch_interval import SWITCH_INTERVALS, SwitchInterval
from cpuviz.ui.theme import Theme

LANE_GAP_PX = 3
# The figures beside the lanes: room for their sentences in two lines each at 1024 pixels.
FIGURES_PX = 430
CLUSTER_SUMMARY = (
    "Cluster: every Dask worker is a process with a GIL of its own, here or on another "
    "machine; no GIL changes hands between them"
)


class GilLanes(QWidget):
    """The lanes, drawn from an image with a column a millisecond and a row per thread. New
    columns come in on the right and the rest move left, so only they are drawn."""

    def __init__(self, theme: Theme) -> None:
        super().__init__()
        self.theme = theme
        self.mode = Mode.THREADS
        self._rows = 0
        self._image = self._blank(1)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(600, 120)

    def _blank(self, rows: int) -> QImage:
        image = QImage(HISTORY_SLOTS, max(1, rows), QImage.Format.Format_RGB32)
        image.fill(QColor(self.theme.graph_background))
        return image

    def clear(self) -> None:
        self._rows = 0
        self._image = self._blank(1)
        self.update()

    def add(self, slots: GilSlots) -> None:
        """Move the lanes left by the new columns, and draw those on the right."""
        if slots.lanes != self._rows:  # threads came or went: their lanes start afresh
            self._rows = slots.lanes
            self._image = self._blank(slots.lanes)
        columns = slots.running[-HISTORY_SLOTS:]
        shift = len(columns)
        if not shift or not self._rows:
            return
        moved = self._image.copy(shift, 0, HISTORY_SLOTS, self._rows)
        painter = QPainter(moved)
        background = QColor(self.theme.graph_background)
        painter.fillRect(HISTORY_SLOTS - shift, 0, shift, self._rows, background)
        painter.end()
        lit = QColor(self.theme.mode_colour(self.mode)).rgb()
        for x, running in enumerate(columns, start=HISTORY_SLOTS - shift):
            for row in range(self._rows):
                if running >> row & 1:
                    moved.setPixel(x, row, lit)
        self._image = moved
        self.update()

    @property
    def lit_share(self) -> float:
        """The share of lane cells lit (for tests): about 1/N for N threads taking turns."""
        if not self._rows:
            return 0.0
        lit = QColor(self.theme.mode_colour(self.mode)).rgb()
        cells = [self._image.pixel(x, y) for x in range(HISTORY_SLOTS) for y in range(self._rows)]
        return sum(cell == lit for cell in cells) / len(cells)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(self.theme.panel))
        if self._rows:
            height = (self.height() - LANE_GAP_PX * (self._rows - 1)) / self._rows
            for row in range(self._rows):
                target = QRectF(0, row * (height + LANE_GAP_PX), self.width(), height)
                painter.drawImage(target, self._image, QRectF(0, row, HISTORY_SLOTS, 1))
        painter.end()


class GilPage(QWidget):
    """Lanes on the left; the figures, the switch interval and its control on the right."""

    switch_interval_chosen = Signal(object)  # SwitchInterval

    def __init__(self, theme: Theme) -> None:
        super().__init__()
        self.lanes = GilLanes(theme)
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
        self.interval.setToolTip(
            "How long a thread may hold the GIL before it must offer it to the others "
            "(sys.setswitchinterval in the workers). Python's own is 5 ms; 50 or 200 ms is "
            "slow motion, to follow the baton by eye"
        )
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
        self.lanes.theme = theme

    def show_run(self, mode: Mode) -> None:
        """A new run: its lanes start empty, in its mode's colour."""
        self.lanes.mode = mode
        self.lanes.clear()
        self.handoffs.setText("–")
        self.waiting.setText("–")
        # A cluster run is not sampled: say why its lanes stay dark (the next run's lanes
        # say what they show when they come).
        self.summary.setText(CLUSTER_SUMMARY if mode is Mode.CLUSTER else "")

    def show_slots(self, slots: GilSlots) -> None:
        self.lanes.add(slots)
        self.show_figures(slots.figures)
        self._say_what_lanes_show(slots.resolution_ms, slots.figures.threads)

    def _say_what_lanes_show(self, resolution_ms: float, threads: int) -> None:
        shown = min(threads, MAX_THREADS_SHOWN)
        lanes = "A lane per worker thread"
        if threads > shown:
            lanes = f"A lane for each of the first {shown} of {threads} worker threads"
        text = f"{lanes}, lit where it ran · last {HISTORY_SLOTS * SLOT_S:g} s"
        if resolution_ms > SLOT_S * 1000:
            text += (
                f" · read every {resolution_ms:g} ms from per-thread CPU times (this system "
                "offers no finer): quicker turns look like threads running together; slow "
                "motion shows them"
            )
        self.summary.setText(text)

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
        self.waiting.setText(
            f"Threads waited for it {figures.waiting_pct:.0f} % of the time; "
            f"ran at once {figures.overlap_pct:.0f} %"
        )
