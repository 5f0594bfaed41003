"""Assembles the widgets and wires them to the controller and the sampler."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QTabWidget, QVBoxLayout, QWidget

from cpuviz.bridge.controller import Controller
from cpuviz.bridge.replay_controller import ReplayController
from cpuviz.bridge.sampler import Sampler
from cpuviz.core.runs.availability import available_runs, unavailable_modes
from cpuviz.core.runs.cluster_messages import ClusterView
from cpuviz.core.runs.messages import Fault
from cpuviz.core.runs.plan import Mode, RunPlan, chunks_of_code
from cpuviz.core.runs.results import RunReport, explain
from cpuviz.core.runs.runtime import Runtime
from cpuviz.core.sampling.sources import CpuSample
from cpuviz.core.system.files import FileWriteError
from cpuviz.core.work.code_check import CheckedCode
from cpuviz.core.work.user_code import DEFAULT_CHUNKS, UserCodeError
from cpuviz.core.work.workloads import Workload
from cpuviz.options import CORE_VIEWS, PAGES
from cpuviz.ui import export
from cpuviz.ui.banner import ModeBanner
from cpuviz.ui.captions import (
    MODE_INTRODUCTIONS,
    REPLAY_FIXED,
    REPLAY_INTRODUCTION,
    WORKLOAD_INTRODUCTIONS,
    watch_hint,
)
from cpuviz.ui.code_picker import CodeChecker, pick_code
from cpuviz.ui.controls import MODE_SHORTCUTS, WORKLOAD_SHORTCUTS, Controls
from cpuviz.ui.core_view import CoreView
from cpuviz.ui.first_paint import CallOnFirstPaint
from cpuviz.ui.frame_probe import FrameProbe
from cpuviz.ui.gil_page import GilPage
from cpuviz.ui.matrix import SpeedupMatrix
from cpuviz.ui.readouts import SmoothnessReadout
from cpuviz.ui.results import ResultsTable
from cpuviz.ui.shortcuts_overlay import ShortcutsOverlay
from cpuviz.ui.speedup_chart import SpeedupChart
from cpuviz.ui.status import RunStatus
from cpuviz.ui.theme import THEMES, Theme
from cpuviz.ui.worker_lanes import WorkerLanes

# The bottom panel's pages, in the order `cpuviz snapshot --page` names them.
RUNS_TAB, WORKERS_TAB, GIL_TAB, SPEEDUP_TAB, MATRIX_TAB = (
    PAGES.index(name) for name in ("runs", "workers", "gil", "speedup", "summary")
)
# The bottom panel: room for a few worker lanes, never more than the cores' picture needs;
# during a run it gives the cores a little more.
TABS_MIN_PX, TABS_MAX_PX, TABS_RUN_MAX_PX = 150, 230, 170
# The widest the cluster's line beside the banner may be (beside "CLUSTER — any machine" at
# 1024 pixels): a long scheduler name is elided in the middle.
RUNTIME_LINE_MAX_PX = 520
# The bottom panel's pages and the keys that show them.
TAB_KEYS = {RUNS_TAB: "R", WORKERS_TAB: "W", GIL_TAB: "G", SPEEDUP_TAB: "C", MATRIX_TAB: "M"}
# The GIL page's lanes and figures are redrawn this often while it samples.


class MainWindow(QMainWindow):
    closing = Signal()  # before the workers are shut down; the window's state is still intact

    def __init__(
        self,
        controller: Controller | ReplayController,
        sampler: Sampler,
        controls: Controls,
        runtime: Runtime,
        theme: Theme,
        *,
        fault: Fault = Fault.NONE,
        machine: str | None = None,
        view: str = CORE_VIEWS[0],
        code_file: str = "",
    ) -> None:
        """`machine` describes the Python and machine shown (a replay's recorded one); by
        default this one's. `view` is how the cores are drawn: 'graphs' or 'bars'."""
        super().__init__()
        self.fault = fault
        self.code: CheckedCode | None = None  # the user's own function, in place of the workload
        self._cluster_view: ClusterView | None = None  # the cluster, once cluster mode started it
        self.code_file = code_file  # where "Your code…" opens its picker
        self._code_checker = CodeChecker(self)
        self._code_checker.checked.connect(self.use_code)
        self._code_checker.failed.connect(lambda reason: self.status.say(reason, tone="error"))
        self.theme = theme
        self.runtime = runtime
        self.controller = controller
        self.sampler = sampler
        self.controls = controls
        self.setWindowTitle("cpuviz — threads vs processes")
        self.setStyleSheet(theme.style_sheet())

        source = sampler.source
        self.core_view = CoreView(source.core_count, sampler.interval_ms, theme, view)
        self.bars, self.history = self.core_view.bars, self.core_view.history
        self.readout = self.core_view.readout
        self.status = RunStatus(beside_progress=controls.start_stop)
        self.results = ResultsTable(theme)
        self.matrix = SpeedupMatrix(theme, runtime)
        self.lanes = WorkerLanes(theme, controller.cores)
        self.speedup_chart = SpeedupChart(theme, controller.cores)
        self.gil_page = GilPage(theme)
        self.frame_probe = FrameProbe(self)
        self.smoothness = SmoothnessReadout(self.frame_probe)
        replaying = isinstance(controller, ReplayController)
        if replaying:
            controls.show_recording(controller.first_plan)
            self.matrix.fill.hide()  # a recording cannot run anything new
        self.setCentralWidget(self._layout(machine or runtime.describe(), source.name))
        self.shortcuts_overlay = ShortcutsOverlay(self.centralWidget())

        self._wire()
        self._add_shortcuts()
        if replaying:
            self.status.say(REPLAY_INTRODUCTION)
        else:
            self._apply_availability(controls.workload)
            self.status.say(MODE_INTRODUCTIONS[controls.mode])
        # Worker processes start right after the first frame, not before: the window shows
        # up sooner, and the pool is still ready long before anyone can press Start.
        self._first_paint = CallOnFirstPaint(self, self._prepare_workers)
        sampler.start()

    def _layout(self, machine: str, source_name: str) -> QWidget:
        self.banner = ModeBanner(self.controls.mode, self.theme)
        source = {"psutil": "live psutil", "synthetic": f"{source_name} (simulated)"}.get(
            source_name.partition(":")[0], source_name
        )
        fault = "" if self.fault is Fault.NONE else f" · failure demo: {self.fault}"
        # Two short lines beside the banner, so both fit across a 1024-pixel projector.
        python, cores = machine.rsplit(" · ", 1)
        self._runtime_text = f"{python}\n{cores} · {source}{fault}"
        self.runtime_label = QLabel(self._runtime_text)
        self.runtime_label.setObjectName("muted")
        self.runtime_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        header = QHBoxLayout()
        header.addWidget(self.banner)
        header.addStretch(1)
        header.addWidget(self.smoothness)
        header.addSpacing(24)
        header.addWidget(self.runtime_label)

        self.tabs = QTabWidget()
        pages = {
            RUNS_TAB: (self.results, "Runs"),
            WORKERS_TAB: (self.lanes, "Workers"),
            GIL_TAB: (self.gil_page, "GIL"),
            SPEEDUP_TAB: (self.speedup_chart, "Speedup chart"),
            MATRIX_TAB: (self.matrix, "Summary"),
        }
        for index, (page_widget, title) in pages.items():
            self.tabs.insertTab(index, page_widget, f"{title} ({TAB_KEYS[index]})")
        self.tabs.setMinimumHeight(TABS_MIN_PX)
        self.tabs.setMaximumHeight(TABS_MAX_PX)  # the cores are the star: they get the rest
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(14, 8, 14, 8)
        layout.setSpacing(10)
        layout.addLayout(header)
        layout.addWidget(self.controls)
        layout.addWidget(self.core_view, stretch=1)
        layout.addWidget(self.status)
        layout.addWidget(self.tabs)
        return page

    def _wire(self) -> None:
        controls, controller = self.controls, self.controller
        self.sampler.follow_runs(controller)
        controls.start_clicked.connect(self.start_run)
        controls.code_requested.connect(self.choose_code)
        controls.stop_clicked.connect(controller.stop)
        controls.workers_changed.connect(self._on_workers_changed)
        controls.mode_toggle.changed.connect(self._on_mode_changed)
        controls.workload_toggle.changed.connect(self._on_workload_changed)
        self.matrix.fill_clicked.connect(self.run_every_mode)
        self.speedup_chart.clear_clicked.connect(self.clear_runs)
        controller.ready_changed.connect(controls.set_ready)
        controller.busy_changed.connect(controls.set_running)
        controller.busy_changed.connect(self._on_busy_changed)
        controller.run_started.connect(self._on_run_started)
        controller.progress.connect(self.status.show_progress)
        controller.timeline_changed.connect(self.lanes.show_timeline)
        controller.run_finished.connect(self._on_run_finished)
        controller.run_stopped.connect(self._on_run_stopped)
        controller.run_failed.connect(self._on_run_failed)
        self.sampler.sampled.connect(self._on_sample)
        controller.gil_slots.connect(self.gil_page.show_slots)
        controller.cluster.changed.connect(self._on_cluster_changed)
        controller.cluster.cores.connect(self.core_view.show_host_cores)
        controller.cluster.rerun.connect(lambda line: self.status.say(line, tone="error"))
        controller.cluster.lost.connect(self._on_cluster_lost)
        self.tabs.currentChanged.connect(lambda _: (self._fit_tabs(), self._watch_the_gil()))
        self.gil_page.switch_interval_chosen.connect(self._on_switch_interval_chosen)
        if isinstance(controller, ReplayController):
            controller.restarted.connect(self._on_replay_restarted)

    def _add_shortcuts(self) -> None:
        QShortcut(QKeySequence(Qt.Key.Key_Space), self, self.toggle_run)
        for mode, key in MODE_SHORTCUTS.items():
            QShortcut(QKeySequence(key), self, lambda mode=mode: self.choose_mode(mode))
        for workload, key in WORKLOAD_SHORTCUTS.items():
            QShortcut(QKeySequence(key), self, lambda w=workload: self.choose_workload(w))
        for index, key in TAB_KEYS.items():
            QShortcut(QKeySequence(key), self, lambda index=index: self.show_tab(index))
        QShortcut(QKeySequence(Qt.Key.Key_F11), self, self.toggle_fullscreen)
        QShortcut(QKeySequence("F"), self, self.toggle_fullscreen)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.escape)
        QShortcut(QKeySequence("?"), self, self.shortcuts_overlay.toggle)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save_picture)
        QShortcut(QKeySequence("Ctrl+E"), self, self.save_runs)
        QShortcut(QKeySequence("U"), self, self.smoothness.toggle)
        QShortcut(QKeySequence("Ctrl+T"), self, self.next_theme)
        QShortcut(QKeySequence("B"), self, self.toggle_core_view)
        QShortcut(QKeySequence("Y"), self, self.choose_code)

    # --- actions (buttons and keys) -----------------------------------------------------------

    @Slot()
    def start_run(self) -> None:
        controls = self.controls
        self.controller.start_all(
            [(controls.workload, controls.mode)],
            controls.workers.value(),
            controls.work_size,
            self.fault,
            self.code.code if self.code else None,
        )

    @Slot()
    def run_every_mode(self) -> None:
        """Fill the summary: every workload in every mode this Python offers, one by one."""
        runs = [
            run for run in available_runs(list(Workload), self.runtime) if run[1] is not Mode.SERIAL
        ]
        self.tabs.setCurrentIndex(MATRIX_TAB)
        self.controller.start_all(
            runs, self.controls.workers.value(), self.controls.work_size, self.fault
        )

    @Slot()
    def toggle_run(self) -> None:
        if self.controller.is_busy:
            self.controller.stop()
        elif self.controls.start_stop.isEnabled():
            self.start_run()

    def choose_mode(self, mode: Mode) -> None:
        """Switch mode, unless a run goes; an unavailable mode says why instead."""
        if self._choices_fixed():
            return
        reason = self.controls.mode_toggle.reason(mode)
        if reason:
            self.status.say(f"{mode.title} is not available here: {reason}.", tone="error")
        self.controls.mode_toggle.set_value(mode)

    def choose_workload(self, workload: Workload) -> None:
        if not self._choices_fixed():
            if self.code is not None:
                self.code = None
                self.controls.show_workloads()
                self._apply_availability(workload)
            self.controls.workload_toggle.set_value(workload)

    @Slot()
    def choose_code(self) -> None:
        """'Your code…' (key Y): a file and a function, checked off the GUI thread."""
        if self._choices_fixed():
            return
        try:
            code = pick_code(self, self.code_file)
        except UserCodeError as error:
            self.status.say(str(error), tone="error")
            return
        if code is not None:
            self.code_file = code.path
            self.status.say(f"Checking {code} in a process of its own…")
            self._code_checker.check(code)

    @Slot(object)
    def use_code(self, code: CheckedCode, chunks: int = DEFAULT_CHUNKS) -> None:
        """Run the user's checked function in place of the workload, `chunks` chunks a run."""
        self.code = code
        self.controls.show_code(code.code, chunks_of_code(chunks))
        self._apply_availability(self.controls.workload)
        self.status.say(
            f"Your code: {code.code.title} runs {chunks} chunks in every mode; press Space, then "
            "compare threads and processes"
        )

    def _choices_fixed(self) -> bool:
        """True while a run goes, or always in a replay (which says so when asked)."""
        if self.controls.replaying:
            self.status.say(REPLAY_FIXED, tone="error")
        return self.controller.is_busy or self.controls.replaying

    def show_tab(self, index: int) -> None:
        """Show that page of the bottom panel; its key again goes back to the runs."""
        self.tabs.setCurrentIndex(RUNS_TAB if self.tabs.currentIndex() == index else index)

    @Slot()
    def clear_runs(self) -> None:
        self.results.clear_reports()
        self.speedup_chart.clear_runs()
        self.status.say("Cleared the runs. Serial baselines are kept, so the next run compares.")

    @Slot()
    def next_theme(self) -> None:
        """Projector → dark → light → projector: the room's light can change mid-talk."""
        names = list(THEMES)
        self.set_theme(THEMES[names[(names.index(self.theme.name) + 1) % len(names)]])
        self.status.say(f"Theme: {self.theme.name} (Ctrl+T for the next one).")

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.setStyleSheet(theme.style_sheet())
        for widget in (
            self.banner,
            self.core_view,
            self.results,
            self.matrix,
            self.lanes,
            self.speedup_chart,
            self.gil_page,
        ):
            widget.set_theme(theme)

    @Slot()
    def toggle_core_view(self) -> None:
        """Per-core history graphs ⇄ bars (with their one-minute strip)."""
        self.core_view.toggle_view()
        shown = "history graphs" if self.core_view.view == "graphs" else "bars"
        self.status.say(f"Cores as {shown} (B switches).")

    @Slot()
    def toggle_fullscreen(self) -> None:
        self.showNormal() if self.isFullScreen() else self.showFullScreen()

    @Slot()
    def escape(self) -> None:
        """Esc closes the shortcuts overlay if it is up, else leaves full screen."""
        if self.shortcuts_overlay.isVisible():
            self.shortcuts_overlay.hide()
        else:
            self.showNormal()

    @Slot()
    def save_picture(self) -> Path | None:
        return self._export("picture", lambda folder: export.save_picture(self, folder))

    @Slot()
    def save_runs(self) -> Path | None:
        """The runs, and beside them the last minute of per-core samples."""
        return self._export(
            "runs (and samples beside them)",
            lambda folder: export.save_runs(
                self.results.reports, self.history.samples(), self.history.core_count, folder
            ),
        )

    def _export(self, what: str, save: Callable[[Path], Path]) -> Path | None:
        """Save, and say where (or why not) in the caption: one line, the app carries on."""
        try:
            target = save(export.export_folder())
        except (OSError, FileWriteError) as error:  # no Pictures folder, or a full disk
            self.status.say(f"Could not save the {what}: {error}", tone="error")
            return None
        self.status.say(f"Saved the {what} to {target}")
        return target

    # --- what the controller and sampler tell us ----------------------------------------------

    @Slot(object)
    def _on_sample(self, sample: CpuSample) -> None:
        self.core_view.show_sample(sample)

    @Slot()
    def _prepare_workers(self) -> None:
        self.controller.prepare(self.controls.workers.value())
        if self.controls.mode is Mode.CLUSTER:
            self._prepare_cluster()

    def _prepare_cluster(self) -> None:
        """Start the cluster the moment its mode is chosen: Start then runs at once."""
        if isinstance(self.controller, Controller):
            self.controller.prepare_cluster(self.controls.workers.value())

    @Slot(int)
    def _on_workers_changed(self, workers: int) -> None:
        if self.controls.mode is Mode.PROCESSES:
            self.controller.prepare(workers)
        elif self.controls.mode is Mode.CLUSTER:
            self._prepare_cluster()

    @Slot(object)
    def _on_workload_changed(self, workload: Workload) -> None:
        self._apply_availability(workload)
        self.status.say(WORKLOAD_INTRODUCTIONS[workload])

    def _apply_availability(self, workload: Workload) -> None:
        """Grey out the modes this Python cannot run for `workload`, leaving a mode that can."""
        reasons = unavailable_modes(workload, self.runtime, self.code)
        toggle = self.controls.mode_toggle
        if toggle.value in reasons:
            toggle.set_value(Mode.THREADS)
        toggle.set_unavailable(reasons)

    @Slot(object)
    def _on_mode_changed(self, mode: Mode) -> None:
        self.banner.show_mode(mode)
        self._show_runtime()
        self.status.say(MODE_INTRODUCTIONS[mode])
        if mode in (Mode.PROCESSES, Mode.CLUSTER):
            self._prepare_workers()

    @Slot(object)
    def _on_run_started(self, plan: RunPlan) -> None:
        if self.controls.replaying and plan.mode is not Mode.SERIAL:
            self.controls.show_recording(plan)  # a recording may hold several modes
            self._show_runtime()
        self.lanes.show_run(plan)
        self.gil_page.show_run(plan.mode)
        self.core_view.set_running_mode(plan.mode)
        if self.tabs.currentIndex() == RUNS_TAB:  # while it runs, the lanes are the story
            self.tabs.setCurrentIndex(WORKERS_TAB)
        self.banner.show_mode(plan.mode)  # a serial baseline is named as what it is
        if plan.mode is Mode.SERIAL and self.controls.mode is not Mode.SERIAL:
            self.status.begin(f"Measuring the serial baseline first · {plan.work_title}", plan.mode)
            self.status.say("Serial baseline: one worker on one core, so speedups are measured.")
        else:
            workers = "" if plan.mode is Mode.SERIAL else f" × {plan.worker_count}"
            self.status.begin(f"{plan.mode.title}{workers} · {plan.work_title}", plan.mode)
            self.status.say(watch_hint(plan.mode, plan.workload, plan.code))

    @Slot(object)
    def _on_cluster_changed(self, view: ClusterView) -> None:
        """The runtime line names the scheduler and the machines; their cores appear."""
        self._cluster_view = view
        self.core_view.show_cluster(view)
        self._show_runtime()

    @Slot(str)
    def _on_cluster_lost(self, reason: str) -> None:
        self._cluster_view = None
        self.core_view.show_cluster(None)
        self._show_runtime()
        self.status.say(f"Cluster: {reason}", tone="error")

    def _show_runtime(self) -> None:
        """What runs the work: the Python and the cores, and in cluster mode the cluster."""
        view = self._cluster_view if self.controls.mode is Mode.CLUSTER else None
        if view is None:
            self.runtime_label.setText(self._runtime_text)
            self.runtime_label.setToolTip("")
            return
        line = view.describe()
        self.runtime_label.ensurePolished()  # the style sheet's font, which is what is measured
        shown = self.runtime_label.fontMetrics().elidedText(
            line, Qt.TextElideMode.ElideMiddle, RUNTIME_LINE_MAX_PX
        )
        self.runtime_label.setText(f"{self._runtime_text}\n{shown}")
        self.runtime_label.setToolTip(line)

    @Slot()
    def _on_replay_restarted(self) -> None:
        """Playing a recording again shows its runs afresh, from its first."""
        self.clear_runs()
        if isinstance(self.controller, ReplayController):
            self.controls.show_recording(self.controller.first_plan)

    @Slot(bool)
    def _on_busy_changed(self, busy: bool) -> None:
        """During a run the choices step aside (Stop stays, beside the progress bar), so the
        cores get the room; afterwards they come back for the next choice."""
        self.controls.setVisible(not busy)
        self._fit_tabs()
        if not busy:
            self.core_view.set_running_mode(None)
            self.banner.show_mode(self.controls.mode)

    @Slot(object)
    def _on_run_finished(self, report: RunReport) -> None:
        self.results.add_report(report)
        self.lanes.show_costs(report.result)
        self.matrix.add_report(report)
        self.speedup_chart.add_report(report)
        self.status.end(f"Done in {report.result.elapsed_s:.2f} s", completed=True)
        self.status.say(explain(report))

    @Slot()
    def _on_run_stopped(self) -> None:
        self.status.end("Stopped", completed=False)
        self.status.say("Stopped. Press Start (or Space) to run again.")

    @Slot(str)
    def _on_run_failed(self, reason: str) -> None:
        self.status.end("Failed", completed=False)
        self.status.say(f"Run failed: {reason}", tone="error")

    def _fit_tabs(self) -> None:
        """During a run the bottom panel gives the cores some of its height, unless the GIL
        page is up: then the presenter is showing the GIL, and it needs the room."""
        running = self.controller.is_busy and self.tabs.currentIndex() != GIL_TAB
        self.tabs.setMaximumHeight(TABS_RUN_MAX_PX if running else TABS_MAX_PX)

    # --- the GIL page ---------------------------------------------------------------------------

    def _watch_the_gil(self) -> None:
        """Runs' worker threads are sampled only while the GIL page is shown (or a recording
        asks): hidden, the sampler is stopped and costs nothing."""
        self.controller.watch_gil("page", self.tabs.currentIndex() == GIL_TAB)

    @Slot(float)
    def _on_switch_interval_chosen(self, seconds: float) -> None:
        if isinstance(self.controller, Controller):
            self.controller.set_switch_interval(seconds)
        self.status.say(
            f"Each thread now holds the GIL up to {seconds * 1000:g} ms before offering it"
            + ("; Python's own is 5 ms." if seconds > 0.005 else ", as Python does by default.")
        )

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        self.closing.emit()
        self.sampler.stop()
        self.controller.shutdown()
        event.accept()
