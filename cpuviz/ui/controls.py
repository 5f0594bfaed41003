"""The buttons a presenter touches: mode, workers, size, Start/Stop."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QWidget,
)

from cpuviz.core.plan import MIN_WORKERS, WORK_SIZES, Mode, WorkSize, max_workers

MODE_SHORTCUTS = {Mode.SERIAL: "S", Mode.THREADS: "T", Mode.PROCESSES: "P"}


class ModeToggle(QWidget):
    """A segmented Serial | Threads | Processes switch; exactly one is always on."""

    mode_changed = Signal(object)  # Mode

    def __init__(self, mode: Mode) -> None:
        super().__init__()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self._buttons: dict[Mode, QPushButton] = {}
        for mode_choice in Mode:
            button = QPushButton(mode_choice.title)
            button.setObjectName("mode")
            button.setProperty("mode", mode_choice.value)
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setToolTip(f"{mode_choice.title} mode (key {MODE_SHORTCUTS[mode_choice]})")
            button.toggled.connect(self._on_toggled)
            self._group.addButton(button)
            layout.addWidget(button)
            self._buttons[mode_choice] = button
        self._buttons[mode].setChecked(True)

    @property
    def mode(self) -> Mode:
        return next(mode for mode, button in self._buttons.items() if button.isChecked())

    def set_mode(self, mode: Mode) -> None:
        self._buttons[mode].setChecked(True)

    def button(self, mode: Mode) -> QPushButton:
        return self._buttons[mode]

    @Slot(bool)
    def _on_toggled(self, checked: bool) -> None:
        if checked:
            self.mode_changed.emit(self.mode)


class Controls(QWidget):
    """Mode toggle, workers, size and the Start/Stop button, in one row."""

    start_clicked = Signal()
    stop_clicked = Signal()
    workers_changed = Signal(int)

    def __init__(self, mode: Mode, workers: int, size: WorkSize) -> None:
        super().__init__()
        self.mode_toggle = ModeToggle(mode)
        self.workers = QSpinBox()
        self.workers.setRange(MIN_WORKERS, max_workers())
        self.workers.setValue(workers)
        self.workers.setToolTip("How many threads or processes share the work")
        self.workers.valueChanged.connect(self.workers_changed)
        self.size = QComboBox()
        for name, work_size in WORK_SIZES.items():
            self.size.addItem(name, work_size)
        if size.name in WORK_SIZES:
            self.size.setCurrentText(size.name)
        else:
            self.size.addItem(size.name, size)
            self.size.setCurrentIndex(self.size.count() - 1)
        self.size.setToolTip("How much work: small ≈ 2 s, medium ≈ 5 s, large ≈ 10 s serial")
        self.start_stop = QPushButton("Start")
        self.start_stop.setObjectName("start")
        self.start_stop.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.start_stop.setToolTip("Start or stop a run (Space)")
        self.start_stop.clicked.connect(self._on_start_stop)
        self._running = False
        self._ready = False

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(14)
        layout.addWidget(self.mode_toggle)
        layout.addStretch(1)
        layout.addWidget(QLabel("Workers"))
        layout.addWidget(self.workers)
        layout.addWidget(QLabel("Work"))
        layout.addWidget(self.size)
        layout.addWidget(self.start_stop)
        self.mode_toggle.mode_changed.connect(self._on_mode_changed)
        self._refresh()

    @property
    def work_size(self) -> WorkSize:
        return self.size.currentData()

    def set_running(self, running: bool) -> None:
        """While a run goes, only Stop is live: the settings belong to the run."""
        self._running = running
        self._refresh()

    def set_ready(self, ready: bool) -> None:
        """Start waits for the worker processes, so a run never pays for their start-up."""
        self._ready = ready
        self._refresh()

    def _refresh(self) -> None:
        running = self._running
        self.start_stop.setText("Stop" if running else "Start" if self._ready else "Starting…")
        self.start_stop.setEnabled(running or self._ready)
        self.start_stop.setProperty("running", running)
        self.start_stop.style().polish(self.start_stop)
        self.mode_toggle.setEnabled(not running)
        self.size.setEnabled(not running)
        # Serial is one worker by definition.
        self.workers.setEnabled(self.mode_toggle.mode is not Mode.SERIAL and not running)

    @Slot()
    def _on_start_stop(self) -> None:
        (self.stop_clicked if self._running else self.start_clicked).emit()

    @Slot(object)
    def _on_mode_changed(self, _mode: Mode) -> None:
        self._refresh()
