"""The numbers over the cores: busy cores now, other programs' load, and how smooth the UI is."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Slot
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QWidget

from cpuviz.core.runs.recommendation import OTHER_LOAD_NAMED_CORES, counted_cores
from cpuviz.core.sampling.meter import BusyCoresMeter
from cpuviz.core.sampling.sources import CpuSample
from cpuviz.ui.frame_probe import FRAME_INTERVAL_MS, FrameProbe


class SteadyLabel(QLabel):
    """A label as wide as the widest text it will show, right-aligned in that room.

    Its size never changes with its text, so a new number ten times a second repaints just
    the label: a label that can change size makes the whole window lay itself out again.
    """

    def __init__(self, widest: str) -> None:
        super().__init__()
        self._widest = widest
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() is QEvent.Type.FontChange:  # the style sheet's font has arrived
            metrics = self.fontMetrics()
            margins = self.contentsMargins()
            self.setFixedSize(
                metrics.horizontalAdvance(self._widest) + margins.left() + margins.right(),
                metrics.height() + margins.top() + margins.bottom(),
            )


class ElidingLabel(QLabel):
    """One line that takes the room the others leave it, cut at the end with '…' when that
    room is short: it never widens the window, and it keeps its first words, the ones that
    matter most."""

    def __init__(self) -> None:
        super().__init__()
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    @property
    def full_text(self) -> str:
        return self._full

    def set_full_text(self, text: str) -> None:
        self._full = text
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        self.ensurePolished()  # the style sheet's font, which is what is measured
        metrics = self.fontMetrics()
        _set_text(self, metrics.elidedText(self._full, Qt.TextElideMode.ElideRight, self.width()))


# Other programs' figure follows their load with this weight per sample (about a second at
# 10 Hz), so a load near the threshold does not make it blink on and off.
OTHER_SMOOTHING = 0.3


class LoadReadout(QWidget):
    """'1.02 of 2 cores busy': the single number the audience should watch, on one line
    above the cores so the picture keeps the room's width.

    The number counts the run's own workers: during a run, on average since it started, so it
    is the figure the run's row will show and the one its worker lanes sum to (between runs,
    the load of the moment). Other
    programs' load, when it is more than the desktop idling, is a smaller figure of its own
    ("other programs: 1.0 core"), so a busy browser never reads as threads filling two cores.
    The machine's total load is not shown: it is a second figure for the same idea (a cold
    viewer read "total 55 %" beside "1.10 cores" as a second thing to understand), and the
    very one that would blame the run for the browser's load.
    """

    def __init__(self, core_count: int) -> None:
        super().__init__()
        self.busy = SteadyLabel(f"{core_count}.00")
        self.busy.setText("–")
        self.busy.setObjectName("readoutNumber")
        caption = QLabel(f"of {core_count} cores busy")
        self.other = SteadyLabel(_other_text(float(core_count)))
        self.other.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.other.setObjectName("muted")
        self.other.hide()
        self._other_cores = 0.0
        self._run: BusyCoresMeter | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        for label in (self.busy, caption, self.other):
            layout.addWidget(label, alignment=Qt.AlignmentFlag.AlignBaseline)

    def begin_run(self) -> None:
        """From the next sample on, the number is the run's average so far: the figure its
        row will show, and the one its worker lanes add up to."""
        self._run = BusyCoresMeter()

    def end_run(self) -> None:
        """Back to the load of the moment."""
        self._run = None

    def show_sample(self, sample: CpuSample) -> None:
        busy: float | None = sample.run_cores
        if self._run is not None:
            if not self._run.started:  # samples cover the time before them: start here
                self._run.start(sample.taken_at_s)
            self._run.add(sample)
            busy = self._run.mean or busy
        _set_text(self.busy, f"{busy:.2f}")
        self._other_cores += OTHER_SMOOTHING * (sample.other_cores - self._other_cores)
        named = self._other_cores > OTHER_LOAD_NAMED_CORES
        _set_text(self.other, _other_text(self._other_cores) if named else "")
        if self.other.isHidden() == named:  # out of the way while idle: the run before's room
            self.other.setVisible(named)

    @property
    def other_programs(self) -> str | None:
        """What the readout says other programs use, or None while they idle."""
        return self.other.text().removeprefix("· ") or None


def _other_text(cores: float) -> str:
    return f"· other programs: {counted_cores(cores)}"


def _set_text(label: QLabel, text: str) -> None:
    """Only a real change: every setText() makes the window recompute its layout."""
    if label.text() != text:
        label.setText(text)


class SmoothnessReadout(QLabel):
    """'UI p99 17 ms · smooth': proof for the audience that watching costs the window nothing.

    Hidden until the presenter presses U; while hidden, the probe is stopped and costs nothing.
    """

    REFRESH_MS = 500
    SMOOTH_RATIO = 1.1  # p99 within 10% of the frame interval: nobody can see a stutter

    def __init__(self, probe: FrameProbe) -> None:
        super().__init__()
        self.setObjectName("muted")
        self._probe = probe
        self._refresh = QTimer(self)
        self._refresh.setInterval(self.REFRESH_MS)
        self._refresh.timeout.connect(self.refresh)
        self.hide()

    def toggle(self) -> None:
        showing = not self.isVisible()
        self.setVisible(showing)
        if showing:
            self._probe.start()
            self._refresh.start()
            self.refresh()
        else:
            self._refresh.stop()
            self._probe.stop()

    @Slot()
    def refresh(self) -> None:
        p99_ms = self._probe.p99_ms()
        if p99_ms is None:
            self.setText("UI p99 measuring…")
            return
        verdict = "smooth" if p99_ms <= FRAME_INTERVAL_MS * self.SMOOTH_RATIO else "stutters"
        self.setText(f"UI p99 {p99_ms:.0f} ms at 60 Hz · {verdict}")
