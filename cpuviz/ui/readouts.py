"""The big numbers beside the chart: busy cores now, and total load."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout

from cpuviz.core.sources import CpuSample


class LoadReadout(QFrame):
    """'1.02 of 2 cores busy': the single number the audience should watch."""

    def __init__(self, core_count: int) -> None:
        super().__init__()
        self.setObjectName("panel")
        self._core_count = core_count
        self.busy = QLabel("–")
        self.busy.setObjectName("bigNumber")
        caption = QLabel(f"of {core_count} cores busy")
        caption.setObjectName("muted")
        self.total = QLabel("total –")
        self.total.setObjectName("muted")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.addWidget(self.busy)
        layout.addWidget(caption)
        layout.addSpacing(8)
        layout.addWidget(self.total)
        layout.addStretch(1)

    def show_sample(self, sample: CpuSample) -> None:
        self.busy.setText(f"{sample.busy_cores:.2f}")
        self.total.setText(f"total {sample.total_pct:.0f}%")
