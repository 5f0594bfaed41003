"""Progress of the current run and the plain-words caption under the chart."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QVBoxLayout, QWidget

from cpuviz.core.runs.plan import Mode

PROGRESS_STEPS = 1000


def describe_progress(label: str, eta_s: float | None) -> str:
    """'Threads × 2 · CPU · 1.3 s left': the bar's fill is the progress. A percentage in it
    read as CPU use to a cold viewer ("68 %" beside cores 50 % busy), so it says none."""
    return label if eta_s is None else f"{label} · {eta_s:.1f} s left"


class Caption(QLabel):
    """A word-wrapped label that always keeps room for two lines, in whatever font the style
    sheet gives it, so a long sentence is never squeezed into one clipped line."""

    LINES = 2

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() is QEvent.Type.FontChange:
            margins = self.contentsMargins()
            lines_px = self.LINES * self.fontMetrics().lineSpacing()
            self.setMinimumHeight(lines_px + margins.top() + margins.bottom())


class RunStatus(QWidget):
    """The progress bar (with `beside_progress`, the Start/Stop button, at its right) and the
    caption under it."""

    def __init__(self, beside_progress: QWidget | None = None) -> None:
        super().__init__()
        self.progress = QProgressBar()
        self.progress.setRange(0, PROGRESS_STEPS)
        self.progress.setValue(0)
        self.progress.setFormat("Ready")
        self.caption = Caption()
        self.caption.setObjectName("caption")
        self.caption.setWordWrap(True)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress, stretch=1)
        if beside_progress is not None:
            progress_row.addWidget(beside_progress)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(progress_row)
        layout.addWidget(self.caption)
        self._label = ""

    def begin(self, label: str, mode: Mode) -> None:
        """A run of `mode` starts: its progress fills in the mode's colour."""
        self._label = label
        self.progress.setProperty("mode", mode.value)
        self.progress.style().polish(self.progress)
        self.show_progress(0.0, None)

    def show_progress(self, fraction: float, eta_s: float | None) -> None:
        self.progress.setValue(round(fraction * PROGRESS_STEPS))
        self.progress.setFormat(describe_progress(self._label, eta_s))

    def end(self, text: str, completed: bool) -> None:
        if completed:
            self.progress.setValue(PROGRESS_STEPS)
        self.progress.setFormat(text)

    def say(self, text: str, tone: str = "good") -> None:
        self.caption.setText(text)
        self.caption.setProperty("tone", tone)
        self.caption.style().polish(self.caption)
