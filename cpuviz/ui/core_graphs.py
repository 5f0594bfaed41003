"""One CPU-history graph per core, the picture the course opens with.

"A whole bunch of CPU cores that were all black and just one of them was really busy", then
"all the green": each core gets a filled graph of its last GRAPH_S seconds, newest on the
right, like a desktop activity monitor's CPU history. The run's own share of a core (its
workers' threads, on the core they ran on) is filled in that run's mode colour (serial blue,
threads amber, processes green, …), the rest of the core's load, other programs', in a neutral
grey above it, and the app's load between runs in a dim neutral: the colour on screen says
which mode did the work long after the run ends, and a busy browser never looks like threads.
Past LABELLED_CORES the graphs become small tiles (the heat-cell grid, with history).

Cheap by construction, like the history strip: every core's graph is a band of one image,
100 pixels tall (one per percent; tiles 20) and one column per sample. A sample writes one
column per core; painting is two scaled blits of each band's ring, so a frame costs the same
whatever the history holds, and no Python runs per point; and it is repainted at most five
times a second.
"""

from __future__ import annotations

import math
from collections import Counter, deque

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from cpuviz.core.runs.plan import Mode
from cpuviz.core.sampling.sources import CpuSample
from cpuviz.ui.theme import Theme

GRAPH_S = 30
# Up to this many cores each graph is labelled "CPU n  42%"; past it, tiles in a tight grid.
LABELLED_CORES = 32
GAP_PX = 8
TILE_GAP_PX = 2
LABEL_PAD_PX = 8
# A 30 s graph moves under two pixels a sample: five frames a second scroll it as smoothly to
# the eye, for half of what presenting the whole picture to the screen costs at ten.
REPAINT_INTERVAL_S = 0.2
BAND_PX = 100  # one pixel per percent
TILE_BAND_PX = 20  # five percent: a tile is only a few dozen pixels tall anyway
# A core's load that was not the run's counts as other programs' on the graphs' key from this
# much on (in percent of a core): below it is the desktop idling, a sliver nobody sees.
OTHER_SEEN_PCT = 5.0
# Where the note across the graphs sits: this far down, in the part a half-busy core leaves dark.
NOTE_AT_HEIGHT = 0.3
# What the key says for load drawn in no mode's colour.
BETWEEN_RUNS, OTHER_PROGRAMS = "between runs", "other programs"


def _pixels(pct: float, band_px: int) -> int:
    return round(min(100.0, max(0.0, pct)) * band_px / 100)


def grid_shape(core_count: int) -> tuple[int, int]:
    """(columns, rows): 2 side by side, 4 as 4×1, 8 as 4×2, 16 as 4×4, 32 as 8×4, and past
    that about twice as wide as tall (256 as 23×12)."""
    if core_count > LABELLED_CORES:
        columns = math.ceil(math.sqrt(2 * core_count))
    elif core_count > 16:
        columns = 8
    else:
        columns = math.ceil(core_count / math.ceil(core_count / 4))
    return columns, math.ceil(core_count / columns)


class CoreGraphs(QWidget):
    """Every core's recent load as a filled graph, in a grid, labelled 'CPU n  42%'."""

    def __init__(self, core_count: int, interval_ms: int, theme: Theme) -> None:
        super().__init__()
        self.core_count = core_count
        self.columns, self.rows = grid_shape(core_count)
        self.labelled = core_count <= LABELLED_CORES
        self.gap_px = GAP_PX if self.labelled else TILE_GAP_PX
        self.band_px = BAND_PX if self.labelled else TILE_BAND_PX
        self.capacity = max(2, GRAPH_S * 1000 // interval_ms)
        # Each sample with the mode that was running when it was taken (None between runs),
        # kept so that a new theme can redraw the whole history.
        self._samples: deque[tuple[CpuSample, Mode | None]] = deque(maxlen=self.capacity)
        # How many of the samples kept drew each colour: the key names those on the graphs.
        self._drawn: Counter[Mode | str] = Counter()
        self.note = ""
        self._image = QImage(self.capacity, self.band_px * core_count, QImage.Format.Format_RGB32)
        self._running: Mode | None = None
        self._painted_at_s = float("-inf")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setToolTip(f"Each core's load over the last {GRAPH_S} s, newest on the right")
        self.set_theme(theme)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(800, 400)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(200, 120)

    @property
    def label_px(self) -> int:
        return self._font.pixelSize()

    def set_theme(self, theme: Theme) -> None:
        """Redraw the whole history in the theme's colours, from the samples kept."""
        self.theme = theme
        self._font = QFont()
        self._font.setPixelSize(theme.label_px)
        self._font.setBold(True)
        self._image.fill(QColor(theme.graph_background))
        self._newest = self.capacity - 1  # the ring's newest column
        for sample, mode in self._samples:
            self._write_column(sample, mode)
        self.update()

    def set_running_mode(self, mode: Mode | None) -> None:
        """Load from now on is drawn in `mode`'s colour (None: between runs)."""
        self._running = mode

    def set_note(self, note: str) -> None:
        """A sentence across the graphs, where the eye already is ('' for none)."""
        if note != self.note:
            self.note = note
            self.update()

    def drawn(self) -> list[Mode | str]:
        """What the graphs show now, in the key's order: each mode whose colour is on them,
        then BETWEEN_RUNS and OTHER_PROGRAMS if some of their load is."""
        modes = [mode for mode in Mode if self._drawn[mode]]
        return [*modes, *(name for name in (BETWEEN_RUNS, OTHER_PROGRAMS) if self._drawn[name])]

    def show_sample(self, sample: CpuSample) -> None:
        if len(self._samples) == self.capacity:
            self._drawn.subtract(_colours_of(*self._samples[0]))
        self._samples.append((sample, self._running))
        self._drawn.update(_colours_of(sample, self._running))
        self._write_column(sample, self._running)
        if sample.taken_at_s - self._painted_at_s >= REPAINT_INTERVAL_S:
            self._painted_at_s = sample.taken_at_s
            self.update()

    def _write_column(self, sample: CpuSample, mode: Mode | None) -> None:
        self._newest = (self._newest + 1) % self.capacity
        run = QColor(self.theme.between_runs if mode is None else self.theme.mode_colour(mode))
        other = QColor(self.theme.other_load)
        idle = QColor(self.theme.graph_background)
        band = self.band_px
        shares = sample.run_pct or sample.per_core_pct  # unknown: all of it was the run's
        painter = QPainter(self._image)
        for core, (pct, share) in enumerate(zip(sample.per_core_pct, shares, strict=False)):
            if core >= self.core_count:
                break
            busy_px = _pixels(pct, band)
            run_px = min(busy_px, _pixels(share, band))
            top = core * band
            painter.fillRect(self._newest, top, 1, band - busy_px, idle)
            painter.fillRect(self._newest, top + band - busy_px, 1, busy_px - run_px, other)
            painter.fillRect(self._newest, top + band - run_px, 1, run_px, run)
        painter.end()

    def column_colours(self, core: int, age: int = 0) -> list[int]:
        """The colour of each pixel of `core`'s column `age` samples back, top to bottom, as
        drawn (for tests: what share of a graph is in which colour)."""
        column = (self._newest - age) % self.capacity
        top = core * self.band_px
        return [self._image.pixel(column, top + row) for row in range(self.band_px)]

    def current_pct(self) -> list[int]:
        """What each graph's label says now, in whole percent."""
        if not self._samples:
            return [0] * self.core_count
        newest = self._samples[-1][0].per_core_pct
        return [min(100, max(0, round(pct))) for pct in newest[: self.core_count]]

    def cell_rect(self, core: int) -> QRectF:
        """Where core `core`'s graph sits: rows of `columns`, in reading order."""
        row, column = divmod(core, self.columns)
        gap = self.gap_px
        width = (self.width() - gap * (self.columns - 1)) / self.columns
        height = (self.height() - gap * (self.rows - 1)) / self.rows
        return QRectF(column * (width + gap), row * (height + gap), width, height)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setFont(self._font)
        percents = self.current_pct()
        older = self.capacity - 1 - self._newest  # columns after the newest: the oldest part
        for core in range(self.core_count):
            rect = self.cell_rect(core)
            split_x = rect.left() + rect.width() * older / self.capacity
            top = core * self.band_px
            painter.drawImage(
                QRectF(rect.left(), rect.top(), split_x - rect.left(), rect.height()),
                self._image,
                QRectF(self._newest + 1, top, older, self.band_px),
            )
            painter.drawImage(
                QRectF(split_x, rect.top(), rect.right() - split_x, rect.height()),
                self._image,
                QRectF(0, top, self._newest + 1, self.band_px),
            )
            if self.labelled:
                self._paint_label(painter, rect, f"CPU {core}  {percents[core]}%")
        if self.note:
            self._paint_note(painter)
        painter.end()

    def _paint_note(self, painter: QPainter) -> None:
        """Centred across every graph, in the caption's type, on a dark patch."""
        metrics = painter.fontMetrics()
        width = metrics.horizontalAdvance(self.note) + 4 * LABEL_PAD_PX
        height = metrics.height() + 2 * LABEL_PAD_PX
        patch = QRectF((self.width() - width) / 2, self.height() * NOTE_AT_HEIGHT, width, height)
        painter.fillRect(patch, QColor(self.theme.graph_background))
        painter.setPen(QColor(self.theme.text))
        painter.drawText(patch, Qt.AlignmentFlag.AlignCenter, self.note)

    def _paint_label(self, painter: QPainter, rect: QRectF, text: str) -> None:
        """Top left, on a dark patch so it reads over a full graph of any colour."""
        metrics = painter.fontMetrics()
        patch = QRectF(
            rect.left(),
            rect.top(),
            metrics.horizontalAdvance(text) + 2 * LABEL_PAD_PX,
            metrics.height() + LABEL_PAD_PX,
        )
        painter.fillRect(patch, QColor(self.theme.graph_background))
        painter.setPen(QColor(self.theme.text))
        painter.drawText(patch, Qt.AlignmentFlag.AlignCenter, text)


def _colours_of(sample: CpuSample, mode: Mode | None) -> list[Mode | str]:
    """The colours a sample's column holds: its run's (or 'between runs'), and other
    programs' if they took a core's sliver or more."""
    run = [BETWEEN_RUNS if mode is None else mode] if sample.run_cores * 100 >= 1 else []
    if sample.run_pct is None:
        return run
    other = any(
        busy - share >= OTHER_SEEN_PCT
        for busy, share in zip(sample.per_core_pct, sample.run_pct, strict=False)
    )
    return [*run, OTHER_PROGRAMS] if other else run
