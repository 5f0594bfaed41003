"""The numbers over the cores: busy cores now, total load, and how smooth the UI is."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from cpuviz.core.runs.recommendation import OTHER_LOAD_NAMED_CORES, counted_cores
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


# Other programs' figure follows their load with this weight per sample (about a second at
# 10 Hz), so a load near the threshold does not make it blink on and off.
OTHER_SMOOTHING = 0.3


class LoadReadout(QWidget):
    """'1.02 of 2 cores busy · total 51%': the single number the audience should watch,
    on one line above the cores so the picture keeps the room's width.

    The number counts the run's own workers (the same cores the worker lanes sum to); other
    programs' load, when it is more than the desktop idling, is a smaller figure of its own
    ("other programs: 1.0 core"), so a busy browser never reads as threads filling two cores.
    It takes the total's place: at 1024 px there is no room for both, and the machine's total
    is the very figure that would blame the run for the browser's load.
    """

    def __init__(self, core_count: int) -> None:
        super().__init__()
        self.busy = SteadyLabel(f"{core_count}.00")
        self.busy.setText("–")
        self.busy.setObjectName("readoutNumber")
        caption = QLabel(f"of {core_count} cores busy")
        self.total = SteadyLabel(_other_text(float(core_count)))
        self.total.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.total.setText("· total –")
        self.total.setObjectName("muted")
        self._other_cores = 0.0
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        for label in (self.busy, caption, self.total):
            layout.addWidget(label, alignment=Qt.AlignmentFlag.AlignBaseline)

    def show_sample(self, sample: CpuSample) -> None:
        _set_text(self.busy, f"{sample.run_cores:.2f}")
        self._other_cores += OTHER_SMOOTHING * (sample.other_cores - self._other_cores)
        if self._other_cores > OTHER_LOAD_NAMED_CORES:
            _set_text(self.total, _other_text(self._other_cores))
        else:
            _set_text(self.total, f"· total {sample.total_pct:.0f}%")

    @property
    def other_programs(self) -> str | None:
        """What the readout says other programs use, or None while it shows the total."""
        text = self.total.text()
        return None if text.startswith("· total") else text.removeprefix("· ")


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
