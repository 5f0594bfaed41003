"""The buttons a presenter touches: mode, workload, workers, size, Start/Stop."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Generic, TypeVar

from PySide6.QtCore import QSignalBlocker, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cpuviz.core.runs.availability import Unavailable
from cpuviz.core.runs.plan import (
    DEFAULT_RUN_S,
    MIN_WORKERS,
    WORK_SIZES,
    Mode,
    RunPlan,
    WorkSize,
    max_workers,
    same_work,
    timed_work,
)
from cpuviz.core.work.user_code import UserCode
from cpuviz.core.work.workloads import Workload
from cpuviz.ui.keymap import MODE_KEYS, WORKLOAD_KEYS

# Four workloads, your code, workers and work in one row that fits 1024 pixels.
SETTINGS_SPACING_PX = 8
# The room your function's name may take where the workload buttons were, at least.
CODE_LABEL_MIN_PX = 260
Choice = TypeVar("Choice", bound=StrEnum)


class SegmentedToggle(QWidget, Generic[Choice]):
    """A row of buttons of which exactly one is on, e.g. Serial | Threads | Processes.

    A choice this Python cannot offer stays visible but greyed out, with the reason on it.
    """

    changed = Signal(object)  # the new choice

    def __init__(
        self, name: str, choices: Mapping[Choice, str], shortcuts: Mapping[Choice, str]
    ) -> None:
        super().__init__()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self._titles = dict(choices)
        self._shortcuts = dict(shortcuts)
        self._buttons: dict[Choice, QPushButton] = {}
        for choice, title in choices.items():
            button = QPushButton(title)
            button.setObjectName(name)
            button.setProperty(name, choice.value)
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            # As tall as the tallest: a greyed-out button carries its reason on a second line.
            button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
            button.toggled.connect(self._on_toggled)
            self._group.addButton(button)
            layout.addWidget(button)
            self._buttons[choice] = button
        self.set_unavailable({})

    @property
    def value(self) -> Choice:
        return next(choice for choice, button in self._buttons.items() if button.isChecked())

    def set_value(self, choice: Choice) -> None:
        """Switch to `choice` if it is available; returns quietly otherwise."""
        if self._buttons[choice].isEnabled():
            self._buttons[choice].setChecked(True)

    def show_value(self, choice: Choice) -> None:
        """Show `choice` as chosen, available here or not, without announcing a change: a
        replay shows what was recorded."""
        with QSignalBlocker(self):
            self._buttons[choice].setChecked(True)

    def button(self, choice: Choice) -> QPushButton:
        return self._buttons[choice]

    def reason(self, choice: Choice) -> str | None:
        """Why `choice` is greyed out, or None."""
        return self._reasons.get(choice)

    def set_unavailable(self, unavailable: Mapping[Choice, Unavailable]) -> None:
        self._reasons = {choice: why.reason for choice, why in unavailable.items()}
        for choice, button in self._buttons.items():
            why = unavailable.get(choice)
            title = self._titles[choice]
            button.setEnabled(why is None)
            button.setText(title if why is None else f"{title}\n{why.short}")
            # Greyed out in smaller type: seven modes fit across a 1024-pixel projector.
            button.setProperty("greyed", why is not None)
            button.style().unpolish(button)
            button.style().polish(button)
            key = self._shortcuts[choice]
            button.setToolTip(f"{title} (key {key})" if why is None else f"{title}: {why.reason}")

    @Slot(bool)
    def _on_toggled(self, checked: bool) -> None:
        if checked:
            self.changed.emit(self.value)


def mode_toggle(mode: Mode) -> SegmentedToggle[Mode]:
    toggle = SegmentedToggle("mode", {choice: choice.title for choice in Mode}, MODE_KEYS)
    toggle.set_value(mode)
    return toggle


def workload_toggle(workload: Workload) -> SegmentedToggle[Workload]:
    toggle = SegmentedToggle(
        "workload", {choice: choice.title for choice in Workload}, WORKLOAD_KEYS
    )
    toggle.set_value(workload)
    return toggle


class Controls(QWidget):
    """Two rows: how the work is spread (mode); then what the work is and how much. Start/Stop
    is made here, with the state it follows, and placed by the window beside the progress."""

    start_clicked = Signal()
    stop_clicked = Signal()
    code_requested = Signal()  # "Your code…": pick a file and a function of it
    program_requested = Signal()  # "Your code…", whole: pick a file and its arguments
    workers_changed = Signal(int)
    chosen = Signal()  # the mode, the work or the workers changed: what Start would run

    def __init__(
        self, mode: Mode, workers: int, size: WorkSize, workload: Workload = Workload.CPU
    ) -> None:
        super().__init__()
        self.mode_toggle = mode_toggle(mode)
        self.workload_toggle = workload_toggle(workload)
        self.workers = QSpinBox()
        self.workers.setRange(MIN_WORKERS, max_workers())
        self.workers.setValue(workers)
        self.workers.setToolTip("How many threads, processes, tasks or interpreters share the work")
        self.workers.valueChanged.connect(self.workers_changed)
        # The keyboard belongs to the presenter's keys (1 2 3 type digits into a focused box):
        # the box takes focus only when clicked, and gives it back once a number is entered.
        self.workers.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.workers.editingFinished.connect(self.workers.clearFocus)
        self.size = QComboBox()
        for work_size in (
            timed_work(DEFAULT_RUN_S),
            same_work(DEFAULT_RUN_S),
            *WORK_SIZES.values(),
        ):
            self.size.addItem(work_size.name, work_size)
        self._select_size(size)
        self.size.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.size.setToolTip(
            f"How much work. {DEFAULT_RUN_S:g} s: every mode busy that long, speedup as the "
            f"rate of work against serial's. ≈{DEFAULT_RUN_S:g} s serial: the same work in "
            "every mode, as much as serial does in that time here. small, medium, large: "
            "fixed amounts (≈ 2, 5 and 10 s serial on a 2-core laptop) for figures to compare"
        )
        self.start_stop = QPushButton("Start")
        self.start_stop.setObjectName("start")
        self.start_stop.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.start_stop.setToolTip("Start or stop a run (Space)")
        self.start_stop.clicked.connect(self._on_start_stop)
        self._running = False
        self._ready = False
        self._replaying = False
        self.code: UserCode | None = None  # your own function, in place of the workloads
        self._size_before_code = size
        self._code_label = QLabel()
        self._code_label.setObjectName("figure")  # bold, as a chosen workload reads
        self._code_label.hide()
        self.code_button = self._code_button()

        self._settings = QWidget()
        settings = QHBoxLayout(self._settings)
        settings.setContentsMargins(0, 0, 0, 0)
        settings.setSpacing(SETTINGS_SPACING_PX)
        settings.addWidget(self.workload_toggle)
        settings.addWidget(self._code_label)
        settings.addWidget(self.code_button)
        settings.addStretch(1)
        settings.addWidget(QLabel("Workers"))
        settings.addWidget(self.workers)
        settings.addWidget(QLabel("Work"))
        settings.addWidget(self.size)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(self.mode_toggle)
        layout.addWidget(self._settings)
        self._follow_choices()
        self._refresh()

    def _code_button(self) -> QPushButton:
        """Your code: a function of a .py file, or the whole file as a program, chosen from a
        menu (the row has no room for a second button)."""
        button = QPushButton("Your code…")
        button.setObjectName("workload")
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setToolTip(
            "A function of your own .py file in every mode (key Y): it takes the chunk index "
            "and returns a picklable value; or the whole file, as a program (key O). As safe "
            "as running the file with python"
        )
        self.code_menu = QMenu(button)
        self.code_menu.addAction("A function of it, in every mode…  (Y)", self.code_requested)
        self.code_menu.addAction("The whole file, as a program…  (O)", self.program_requested)
        button.clicked.connect(self._offer_code_menu)
        return button

    def _follow_choices(self) -> None:
        """A mode changes what may be set; every change of what Start would run is one
        `chosen` signal."""
        self.mode_toggle.changed.connect(self._on_choice_changed)
        for changed in (self.mode_toggle.changed, self.workload_toggle.changed):
            changed.connect(self.chosen)
        self.workers.valueChanged.connect(self.chosen)
        self.size.currentIndexChanged.connect(self.chosen)

    @property
    def mode(self) -> Mode:
        return self.mode_toggle.value

    @property
    def workload(self) -> Workload:
        return self.workload_toggle.value

    @property
    def work_size(self) -> WorkSize:
        return self.size.currentData()

    def show_code(self, code: UserCode, size: WorkSize) -> None:
        """Your own function runs in place of the built-in workloads: say which, where they
        were (in no more room than they took: the window must fit a projector's 1024 pixels),
        and that its size is a count of chunks."""
        if self.code is None:
            self._size_before_code = self.work_size  # the workloads get it back
        self.workload_toggle.hide()
        self._code_label.ensurePolished()  # the style sheet's font, which is what is measured
        metrics = self._code_label.fontMetrics()
        room = max(self.workload_toggle.sizeHint().width(), CODE_LABEL_MIN_PX)
        # The "Your code…" button beside it says whose code it is.
        text = metrics.elidedText(code.title, Qt.TextElideMode.ElideMiddle, room)
        self._code_label.setText(text)
        self._code_label.setToolTip(f"{code.title} from {code.path}, chunk by chunk in every mode")
        self._code_label.show()
        self.code = code
        self._select_size(size)
        self._refresh()
        self.chosen.emit()

    def show_workloads(self) -> None:
        """Back to the built-in workloads (a workload key was pressed)."""
        self._code_label.hide()
        self.workload_toggle.show()
        self.code = None
        self._select_size(self._size_before_code)
        self._refresh()
        self.chosen.emit()

    def show_recording(self, plan: RunPlan | None) -> None:
        """A replay plays what was recorded: the choices show the recorded run (`plan`) and
        stay put, and Start plays the recording again from its beginning."""
        if plan is not None:
            self.workload_toggle.show_value(plan.workload)
            if plan.code is not None:  # its name only: a replay never runs anything
                self.show_code(plan.code, plan.size)
            self.mode_toggle.show_value(plan.mode)
            with QSignalBlocker(self.workers):
                self.workers.setMaximum(max(self.workers.maximum(), plan.workers))
                self.workers.setValue(plan.workers)
            self._select_size(plan.size)
        self._replaying = True
        self.start_stop.setToolTip("Play the recording again from its beginning (Space)")
        self._refresh()

    def hide_choices(self) -> None:
        """A watched program runs as it is written: no mode, work or workers to choose."""
        self.mode_toggle.hide()
        self._settings.hide()

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
        start = "Replay" if self._replaying else "Start"
        self.start_stop.setText("Stop" if running else start if self._ready else "Starting…")
        self.start_stop.setEnabled(running or self._ready)
        self.start_stop.setProperty("running", running)
        self.start_stop.style().polish(self.start_stop)
        choosing = not running and not self._replaying
        self.mode_toggle.setEnabled(choosing)
        self.workload_toggle.setEnabled(choosing)
        self.code_button.setEnabled(choosing)
        self.code_button.setVisible(not self._replaying)
        self.size.setEnabled(choosing and self.code is None)  # your code: its --chunks
        # Serial is one worker by definition.
        self.workers.setEnabled(self.mode is not Mode.SERIAL and choosing)

    def _select_size(self, size: WorkSize) -> None:
        """Select `size`, adding it to the list if it is not one of the usual ones."""
        index = self.size.findText(size.name)
        if index < 0 or self.size.itemData(index) != size:
            self.size.addItem(size.name, size)
            index = self.size.count() - 1
        self.size.setCurrentIndex(index)

    @Slot()
    def _offer_code_menu(self) -> None:
        self.code_menu.popup(self.code_button.mapToGlobal(self.code_button.rect().bottomLeft()))

    @Slot()
    def _on_start_stop(self) -> None:
        (self.stop_clicked if self._running else self.start_clicked).emit()

    @Slot(object)
    def _on_choice_changed(self, _choice: object) -> None:
        self._refresh()
