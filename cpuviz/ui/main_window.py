"""Assembles the widgets and wires them to the controller and the sampler."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QVBoxLayout, QWidget

from cpuviz.controller import Controller
from cpuviz.core.messages import Fault
from cpuviz.core.plan import Mode, RunPlan
from cpuviz.core.results import RunReport, explain
from cpuviz.core.runtime import Runtime
from cpuviz.core.sources import CpuSample
from cpuviz.sampler import Sampler
from cpuviz.ui.controls import MODE_SHORTCUTS, Controls
from cpuviz.ui.core_bars import CoreBars
from cpuviz.ui.first_paint import CallOnFirstPaint
from cpuviz.ui.frame_probe import FrameProbe
from cpuviz.ui.readouts import LoadReadout, SmoothnessReadout
from cpuviz.ui.results import ResultsTable
from cpuviz.ui.status import RunStatus
from cpuviz.ui.theme import Theme

MODE_INTRODUCTIONS = {
    Mode.SERIAL: "Serial: one worker does all the work on one core. This is the baseline.",
    Mode.THREADS: "Threads: all workers are threads of one process, sharing one GIL. Press Start.",
    Mode.PROCESSES: "Processes: every worker is its own process with its own GIL. Press Start.",
}
# What the audience should notice while a run goes.
MODE_WATCH_HINTS = {
    Mode.SERIAL: "Watch: one worker, so about one core's worth is busy.",
    Mode.THREADS: "Watch: the threads take turns holding one GIL, so about one core is busy.",
    Mode.PROCESSES: "Watch: each process has its own GIL, so every core can fill up.",
}


class MainWindow(QMainWindow):
    def __init__(
        self,
        controller: Controller,
        sampler: Sampler,
        controls: Controls,
        runtime: Runtime,
        theme: Theme,
        *,
        fault: Fault = Fault.NONE,
    ) -> None:
        super().__init__()
        self.fault = fault
        self.controller = controller
        self.sampler = sampler
        self.controls = controls
        self.setWindowTitle("cpuviz — threads vs processes")
        self.setStyleSheet(theme.style_sheet())

        source = sampler.source
        self.bars = CoreBars(source.core_count, theme)
        self.readout = LoadReadout(source.core_count)
        self.status = RunStatus()
        self.results = ResultsTable(theme)
        self.frame_probe = FrameProbe(self)
        self.smoothness = SmoothnessReadout(self.frame_probe)
        self.setCentralWidget(self._layout(runtime, source.name))

        self._wire()
        self._add_shortcuts()
        self.status.say(MODE_INTRODUCTIONS[controls.mode_toggle.mode])
        # Worker processes start right after the first frame, not before: the window shows
        # up sooner, and the pool is still ready long before anyone can press Start.
        self._first_paint = CallOnFirstPaint(self, self._prepare_workers)
        sampler.start()

    def _layout(self, runtime: Runtime, source_name: str) -> QWidget:
        title = QLabel("cpuviz")
        title.setObjectName("title")
        source = "live psutil" if source_name == "psutil" else f"{source_name} (simulated)"
        fault = "" if self.fault is Fault.NONE else f" · failure demo: {self.fault}"
        self.runtime_label = QLabel(f"{runtime.describe()} · {source}{fault}")
        self.runtime_label.setObjectName("muted")
        header = QHBoxLayout()
        header.addWidget(title)
        header.addStretch(1)
        header.addWidget(self.smoothness)
        header.addSpacing(24)
        header.addWidget(self.runtime_label)

        middle = QHBoxLayout()
        middle.addWidget(self.bars, stretch=1)
        middle.addWidget(self.readout)

        self.results.setMinimumHeight(150)
        self.results.setMaximumHeight(220)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(18, 12, 18, 12)
        layout.setSpacing(12)
        layout.addLayout(header)
        layout.addWidget(self.controls)
        layout.addLayout(middle, stretch=1)
        layout.addWidget(self.status)
        layout.addWidget(self.results)
        return page

    def _wire(self) -> None:
        controls, controller = self.controls, self.controller
        controls.start_clicked.connect(self.start_run)
        controls.stop_clicked.connect(controller.stop)
        controls.workers_changed.connect(self._on_workers_changed)
        controls.mode_toggle.mode_changed.connect(self._on_mode_changed)
        controller.ready_changed.connect(controls.set_ready)
        controller.busy_changed.connect(controls.set_running)
        controller.run_started.connect(self._on_run_started)
        controller.progress.connect(self.status.show_progress)
        controller.run_finished.connect(self._on_run_finished)
        controller.run_stopped.connect(self._on_run_stopped)
        controller.run_failed.connect(self._on_run_failed)
        self.sampler.sampled.connect(self._on_sample)

    def _add_shortcuts(self) -> None:
        QShortcut(QKeySequence(Qt.Key.Key_Space), self, self.toggle_run)
        for mode, key in MODE_SHORTCUTS.items():
            QShortcut(QKeySequence(key), self, lambda mode=mode: self.choose_mode(mode))
        QShortcut(QKeySequence(Qt.Key.Key_F11), self, self.toggle_fullscreen)
        QShortcut(QKeySequence("F"), self, self.toggle_fullscreen)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.showNormal)
        QShortcut(QKeySequence("U"), self, self.smoothness.toggle)

    # --- actions (buttons and keys) -----------------------------------------------------------

    @Slot()
    def start_run(self) -> None:
        controls = self.controls
        self.controller.start(
            controls.mode_toggle.mode, controls.workers.value(), controls.work_size, self.fault
        )

    @Slot()
    def toggle_run(self) -> None:
        if self.controller.is_busy:
            self.controller.stop()
        elif self.controls.start_stop.isEnabled():
            self.start_run()

    def choose_mode(self, mode: Mode) -> None:
        if not self.controller.is_busy:
            self.controls.mode_toggle.set_mode(mode)

    @Slot()
    def toggle_fullscreen(self) -> None:
        self.showNormal() if self.isFullScreen() else self.showFullScreen()

    # --- what the controller and sampler tell us ----------------------------------------------

    @Slot(object)
    def _on_sample(self, sample: CpuSample) -> None:
        self.bars.show_sample(sample)
        self.readout.show_sample(sample)
        self.controller.observe_sample(sample)

    @Slot()
    def _prepare_workers(self) -> None:
        self.controller.prepare(self.controls.workers.value())

    @Slot(int)
    def _on_workers_changed(self, workers: int) -> None:
        if self.controls.mode_toggle.mode is Mode.PROCESSES:
            self.controller.prepare(workers)

    @Slot(object)
    def _on_mode_changed(self, mode: Mode) -> None:
        self.status.say(MODE_INTRODUCTIONS[mode])
        if mode is Mode.PROCESSES:
            self._prepare_workers()

    @Slot(object)
    def _on_run_started(self, plan: RunPlan) -> None:
        self.sampler.observe_run(plan)
        if plan.mode is Mode.SERIAL and self.controls.mode_toggle.mode is not Mode.SERIAL:
            self.status.begin("Measuring the serial baseline first")
            self.status.say("Serial baseline: one worker on one core, so speedups are measured.")
        else:
            workers = "" if plan.mode is Mode.SERIAL else f" × {plan.worker_count}"
            self.status.begin(f"{plan.mode.title}{workers}")
            self.status.say(MODE_WATCH_HINTS[plan.mode])

    @Slot(object)
    def _on_run_finished(self, report: RunReport) -> None:
        self.sampler.observe_run(None)
        self.results.add_report(report)
        self.status.end(f"Done in {report.result.elapsed_s:.2f} s", completed=True)
        self.status.say(explain(report))

    @Slot()
    def _on_run_stopped(self) -> None:
        self.sampler.observe_run(None)
        self.status.end("Stopped", completed=False)
        self.status.say("Stopped. Press Start (or Space) to run again.")

    @Slot(str)
    def _on_run_failed(self, reason: str) -> None:
        self.sampler.observe_run(None)
        self.status.end("Failed", completed=False)
        self.status.say(f"Run failed: {reason}", tone="error")

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        self.sampler.stop()
        self.controller.shutdown()
        event.accept()
