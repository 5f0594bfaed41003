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

from cpuviz.core.gil import HISTORY_SLOTS, MAX_THREADS_SHOWN, SLOT_S, GilFigures, GilTrace
from cpuviz.core.plan import Mode
from cpuviz.options import SWITCH_INTERVALS_MS
from cpuviz.ui.theme import Theme

LANE_GAP_PX = 3
# The figures beside the lanes: room for their sentences in two lines each at 1024 pixels.
FIGURES_PX = 430


class GilLanes(QWidget):
    """The lanes, drawn from an image with a column per slot and a row per thread."""

    def __init__(self, theme: Theme) -> None:
        super().__init__()
        self.theme = theme
        self.mode = Mode.THREADS
        self._image = QImage(HISTORY_SLOTS, 1, QImage.Format.Format_RGB32)
        self._rows = 0
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(600, 120)

    def show_trace(self, trace: GilTrace) -> None:
        """Redraw from the trace's slots: the newest on the right."""
        threads = [thread for thread in trace.threads if thread in trace.current]
        threads = threads[:MAX_THREADS_SHOWN]
        self._rows = len(threads)
        self._image = QImage(HISTORY_SLOTS, max(1, self._rows), QImage.Format.Format_RGB32)
        self._image.fill(QColor(self.theme.graph_background))
        lit = QColor(self.theme.mode_colour(self.mode)).rgb()
        first = HISTORY_SLOTS - len(trace.slots)
        for column, running in enumerate(trace.slots, start=first):
            for row, thread in enumerate(threads):
                if thread in running:
                    self._image.setPixel(column, row, lit)
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

    switch_interval_chosen = Signal(float)  # seconds

    def __init__(self, theme: Theme, available: bool) -> None:
        super().__init__()
        self.lanes = GilLanes(theme)
        self.summary = QLabel()
        self.summary.setObjectName("muted")
        self.handoffs = QLabel("–")
        self.handoffs.setObjectName("figure")
        self.waiting = QLabel("–")
        self.waiting.setObjectName("figure")
        self.interval = QComboBox()
        for milliseconds in SWITCH_INTERVALS_MS:
            self.interval.addItem(f"{milliseconds} ms", milliseconds / 1000)
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
        self.summary.setText(
            f"A lane per worker thread, lit where it ran · last {HISTORY_SLOTS * SLOT_S:g} s"
            if available
            else "Needs Linux's /proc to watch the threads from outside"
        )

    @property
    def switch_interval_s(self) -> float:
        return self.interval.currentData()

    def set_theme(self, theme: Theme) -> None:
        self.lanes.theme = theme

    def show_run(self, mode: Mode) -> None:
        self.lanes.mode = mode

    def show_trace(self, trace: GilTrace) -> None:
        self.lanes.show_trace(trace)
        self.show_figures(trace.figures(), len(trace.current))

    def show_figures(self, figures: GilFigures, threads: int) -> None:
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
        shown = min(threads, MAX_THREADS_SHOWN)
        if threads > shown:
            self.summary.setText(f"The first {shown} of {threads} worker threads")
