"""The window's top line: the mode's banner, and at the right what runs the work.

Beside the banner: the smoothness readout (when the presenter shows it), then two short lines
for the Python, the cores and the source, so both fit across a 1024-pixel projector; in cluster
mode a third names the scheduler and its machines, elided in the middle when it is long. In
the app's own window the first line is the picker of the workers' Python, which it names.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from cpuviz.core.runs.cluster_messages import ClusterView
from cpuviz.core.runs.messages import Fault
from cpuviz.core.runs.plan import Mode
from cpuviz.ui.banner import ModeBanner
from cpuviz.ui.theme import Theme

# The widest the cluster's line beside the banner may be (beside "CLUSTER — any machine" at
# 1024 pixels): a long scheduler name is elided in the middle.
RUNTIME_LINE_MAX_PX = 520


def runtime_text(machine: str, source_name: str, fault: Fault) -> str:
    """'Python 3.11 (GIL)' over '2 cores · live psutil', from 'Python 3.11 (GIL) · 2 cores';
    with workers on another Python, three: 'workers CPython 3.13.0, GIL on', then 'window
    CPython 3.11.7', then the cores and the source."""
    source = {"psutil": "live psutil", "synthetic": f"{source_name} (simulated)"}.get(
        source_name.partition(":")[0], source_name
    )
    demo = "" if fault is Fault.NONE else f" · failure demo: {fault}"
    python, cores = machine.rsplit(" · ", 1)
    window, _, workers = python.partition(" · workers ")
    if workers:
        return f"workers {workers}\n{window}\n{cores} · {source}{demo}"
    return f"{python}\n{cores} · {source}{demo}"


class Header(QWidget):
    """The banner names the mode chosen, or the one a run has; the runtime lines follow the
    chosen mode and, in cluster mode, the cluster it reached."""

    def __init__(
        self, chosen: Callable[[], Mode], theme: Theme, beside: QWidget, runtime: str
    ) -> None:
        """`chosen` says which mode is chosen now; `beside` goes between the banner and the
        runtime lines (the smoothness readout); `runtime` is their text (see runtime_text)."""
        super().__init__()
        self.banner = ModeBanner(chosen(), theme)
        self._runtime_text = runtime
        self._chosen = chosen
        self._cluster: ClusterView | None = None
        self.runtime_label = QLabel(runtime)
        self.runtime_label.setObjectName("muted")
        self.runtime_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.banner)
        layout.addStretch(1)
        layout.addWidget(beside)
        layout.addSpacing(24)
        self._picker_shown = False
        self._right = QVBoxLayout()  # the runtime lines, and under them the workers' Python
        self._right.setSpacing(2)
        self._right.addWidget(self.runtime_label)
        layout.addLayout(self._right)

    def add_picker(self, picker: QWidget) -> None:
        """The workers' Python picker, in place of the runtime lines' first, which names the
        workers' Python too."""
        self._right.insertWidget(0, picker, alignment=Qt.AlignmentFlag.AlignRight)
        self._picker_shown = True
        self._show_runtime()

    def set_runtime(self, runtime: str) -> None:
        """New runtime lines (see runtime_text): the workers moved to another Python."""
        self._runtime_text = runtime
        self._show_runtime()

    def set_theme(self, theme: Theme) -> None:
        self.banner.set_theme(theme)

    def show_chosen(self, mode: Mode) -> None:
        """`mode` is chosen (or a recording shows it), and no run goes."""
        self.banner.show_mode(mode)
        self._show_runtime()

    def show_mode(self, mode: Mode) -> None:
        """The banner alone: the mode a run has (a serial baseline is named as what it is)."""
        self.banner.show_mode(mode)

    def show_cluster(self, view: ClusterView | None) -> None:
        """The cluster that cluster mode reached, or None once it is lost."""
        self._cluster = view
        self._show_runtime()

    def _show_runtime(self) -> None:
        view = self._cluster if self._chosen() is Mode.CLUSTER else None
        text = self._runtime_text.partition("\n")[2] if self._picker_shown else self._runtime_text
        if view is None:
            self.runtime_label.setText(text)
            self.runtime_label.setToolTip(self._runtime_text if self._picker_shown else "")
            return
        line = view.describe()
        self.runtime_label.ensurePolished()  # the style sheet's font, which is what is measured
        shown = self.runtime_label.fontMetrics().elidedText(
            line, Qt.TextElideMode.ElideMiddle, RUNTIME_LINE_MAX_PX
        )
        self.runtime_label.setText(f"{text}\n{shown}")
        self.runtime_label.setToolTip(line)
