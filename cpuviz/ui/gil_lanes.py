"""The GIL lanes: one picture of who ran, a column a millisecond and a row a thread, and strips
that each show its newest columns, stretched to their width.

The overview shows the whole picture (0.6 s); the zoom its last 0.1 s, six times as wide, so
that at Python's own 5 ms switch interval each turn is a block the back row can count rather
than one stripe of an even barcode. Both draw from the same image: a tick writes its new
columns once, where the ring's head is, and creates nothing. The image holds the colours
themselves (an indexed image, recoloured by its table, made each strip's paint four times
dearer), so a new theme repaints the cells drawn so far, once.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from cpuviz.core.gil.trace import HISTORY_SLOTS, MAX_THREADS_SHOWN, GilSlots

LANE_GAP_PX = 3
DARK, LIT = 0, 1  # a column's cell: the thread slept, or ran


class LaneColumns:
    """The last HISTORY_SLOTS columns in a ring: the newest is just left of `head`."""

    def __init__(self) -> None:
        self.image = QImage(HISTORY_SLOTS, MAX_THREADS_SHOWN, QImage.Format.Format_RGB32)
        self.cells = (0, 0)  # a dark cell's colour and a lit one's, as the image holds them
        self.clear()

    def colour(self, background: str, lit: str) -> None:
        """Cells from now on in these colours, and those drawn so far repainted in them."""
        was_lit, self.cells = self.cells[LIT], (QColor(background).rgb(), QColor(lit).rgb())
        image = self.image
        for x in range(HISTORY_SLOTS):
            for row in range(self.rows):
                image.setPixel(x, row, self.cells[image.pixel(x, row) == was_lit])

    def clear(self) -> None:
        self.image.fill(self.cells[DARK])
        self.rows = 0
        self.head = 0

    def is_lit(self, x: int, row: int) -> bool:
        return self.image.pixel(x, row) == self.cells[LIT]

    def add(self, slots: GilSlots) -> None:
        """Write the new columns at the head; threads that came or went start lanes afresh."""
        if slots.lanes != self.rows:
            self.clear()
            self.rows = slots.lanes
        image, cells, rows, head = self.image, self.cells, range(self.rows), self.head
        for running in slots.running[-HISTORY_SLOTS:]:
            for row in rows:
                image.setPixel(head, row, cells[running >> row & 1])
            head = (head + 1) % HISTORY_SLOTS
        self.head = head

    def pieces(self, span: int) -> tuple[tuple[int, int], ...]:
        """Where the newest `span` columns are in the image, oldest first, as (first column,
        columns): one piece, or two where the ring wraps."""
        start = self.head - span
        if start >= 0:
            return ((start, span),)
        return ((HISTORY_SLOTS + start, -start), (0, self.head))


class GilStrip(QWidget):
    """The newest `span` columns of `columns`, a lane a thread, across the whole width."""

    def __init__(self, columns: LaneColumns, span: int, panel: str) -> None:
        super().__init__()
        self.columns = columns
        self.span = span
        self.panel = panel  # the colour between the lanes (the theme's)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(600, 60)

    @property
    def lit_share(self) -> float:
        """The share of the strip's cells lit (for tests): about 1/N for N threads taking
        turns."""
        rows = self.columns.rows
        if not rows:
            return 0.0
        lit = sum(
            self.columns.is_lit(x, row)
            for first, count in self.columns.pieces(self.span)
            for x in range(first, first + count)
            for row in range(rows)
        )
        return lit / (self.span * rows)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(self.panel))
        rows = self.columns.rows
        if rows:
            height = (self.height() - LANE_GAP_PX * (rows - 1)) / rows
            width, drawn = self.width(), 0
            for first, count in self.columns.pieces(self.span):
                # Whole pixels at the seam where the ring wraps, so no gap shows between pieces.
                left = round(width * drawn / self.span)
                drawn += count
                right = round(width * drawn / self.span)
                for row in range(rows):
                    target = QRectF(left, row * (height + LANE_GAP_PX), right - left, height)
                    painter.drawImage(target, self.columns.image, QRectF(first, row, count, 1))
        painter.end()
