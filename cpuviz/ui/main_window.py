"""Lays out the widgets and wires them to the run feed and the sampler, and nothing more.

The words are narration.py's, the rules of choosing choices.py's, the keys keymap.py's, the top
line header.py's, the bottom panel bottom_pages.py's, and each mode's looks mode_looks.py's.
"""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QMainWindow, QVBoxLayout, QWidget

from cpuviz.bridge.run_feed import RunFeed
from cpuviz.bridge.sampler import Sampler
from cpuviz.core.runs.messages import Fault
from cpuviz.core.runs.outcome import RunFinished, RunOutcome
from cpuviz.core.runs.plan import Mode, RunPlan
from cpuviz.core.runs.runtime import Runtime
from cpuviz.core.work.code_check import CheckedCode
from cpuviz.core.work.user_code import DEFAULT_CHUNKS
from cpuviz.core.work.workloads import Workload
from cpuviz.options import CORE_VIEWS
from cpuviz.ui.bottom_pages import SUMMARY_TAB, BottomPages
from cpuviz.ui.choices import Choices
from cpuviz.ui.code_page import CodePage
from cpuviz.ui.controls import Controls
from cpuviz.ui.core_view import CoreView
from cpuviz.ui.export_actions import ExportActions
from cpuviz.ui.first_paint import CallOnFirstPaint
from cpuviz.ui.frame_probe import FrameProbe
from cpuviz.ui.gil_page import GilPage
from cpuviz.ui.header import Header, runtime_text
from cpuviz.ui.keymap import bind_keys, key_list
from cpuviz.ui.narration import Narrator
from cpuviz.ui.readouts import SmoothnessReadout
from cpuviz.ui.results import ResultsTable
from cpuviz.ui.shortcuts_overlay import ShortcutsOverlay
from cpuviz.ui.speedup_chart import SpeedupChart
from cpuviz.ui.status import RunStatus
from cpuviz.ui.summary import SummaryPage
from cpuviz.ui.theme import Theme, next_theme
from cpuviz.ui.worker_lanes import WorkerLanes


class MainWindow(QMainWindow):
    closing = Signal()  # before the workers are shut down; the window's state is still intact

    def __init__(
        self,
        controller: RunFeed,
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
        self.runtime, self.theme = runtime, theme
        self.controller, self.sampler, self.controls = controller, sampler, controls
        self.setWindowTitle("cpuviz — threads vs processes")
        self.setStyleSheet(theme.style_sheet())
        source = sampler.source
        self.core_view = CoreView(source.core_count, sampler.interval_ms, theme, view)
        self.bars, self.history = self.core_view.bars, self.core_view.history
        self.readout = self.core_view.readout
        self.status = RunStatus(beside_progress=controls.start_stop)
        self.narrator = Narrator(self.status)
        self.choices = Choices(
            self, controls, controller, runtime, self.narrator, fault=fault, code_file=code_file
        )
        self.results = ResultsTable(theme)
        self.exports = ExportActions(self, self.results, self.history, self.narrator)
        self.summary = SummaryPage(theme, runtime)
        self.lanes = WorkerLanes(theme, controller.cores)
        self.speedup_chart = SpeedupChart(theme, controller.cores)
        self.gil_page = GilPage(theme)
        self.code_page = CodePage(theme)
        self.frame_probe = FrameProbe(self)
        self.smoothness = SmoothnessReadout(self.frame_probe)
        self.choices.show_recording()
        self.summary.fill.setHidden(controller.fixed_plan is not None)  # it cannot run anything
        machine_text = runtime_text(machine or runtime.describe(), source.name, fault)
        self.header = Header(lambda: controls.mode, theme, self.smoothness, machine_text)
        self.banner, self.runtime_label = self.header.banner, self.header.runtime_label
        self.setCentralWidget(self._layout())
        self.shortcuts_overlay = ShortcutsOverlay(self.centralWidget(), key_list())
        self._wire()
        bind_keys(self, self)
        self.choices.begin()
        # Worker processes start right after the first frame, not before: the window shows
        # up sooner, and the pool is still ready long before anyone can press Start.
        self._first_paint = CallOnFirstPaint(self, self.choices.prepare_workers)
        sampler.start()

    def _layout(self) -> QWidget:
        self.tabs = BottomPages(
            runs=self.results,
            workers=self.lanes,
            gil=self.gil_page,
            speedup=self.speedup_chart,
            summary=self.summary,
            code=self.code_page,
        )
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(14, 8, 14, 8)
        layout.setSpacing(10)
        for widget in (self.header, self.controls, self.core_view, self.status, self.tabs):
            layout.addWidget(widget, stretch=1 if widget is self.core_view else 0)
        return page

    def _wire(self) -> None:
        controls, feed, narrator = self.controls, self.controller, self.narrator
        choices = self.choices
        self.sampler.follow_runs(feed)
        self.sampler.sampled.connect(self.core_view.show_sample)
        controls.start_clicked.connect(self.start_run)
        controls.stop_clicked.connect(feed.stop)
        controls.workers_changed.connect(choices.workers_changed)
        for chosen in (self.header.show_chosen, narrator.mode_chosen, choices.mode_changed):
            controls.mode_toggle.changed.connect(chosen)
        controls.workload_toggle.changed.connect(choices.workload_changed)
        self.code_page.follow(controls)
        self.code_page.script_saved.connect(narrator.say)
        self.summary.fill_clicked.connect(lambda: self.tabs.setCurrentIndex(SUMMARY_TAB))
        self.summary.fill_clicked.connect(choices.start_every_mode)
        self.speedup_chart.clear_clicked.connect(self.clear_runs)
        feed.ready_changed.connect(controls.set_ready)
        feed.busy_changed.connect(controls.set_running)
        feed.busy_changed.connect(self._on_busy_changed)
        feed.run_started.connect(self._on_run_started)
        feed.progress.connect(self.status.show_progress)
        feed.timeline_changed.connect(self.lanes.show_timeline)
        feed.run_ended.connect(self._on_run_ended)
        feed.gil_slots.connect(self.gil_page.show_slots)
        feed.restarted.connect(self.clear_runs)  # a recording played again shows its runs afresh
        feed.restarted.connect(choices.show_recording)
        feed.cluster.changed.connect(self.core_view.show_cluster)
        feed.cluster.changed.connect(self.header.show_cluster)  # names the scheduler, machines
        feed.cluster.cores.connect(self.core_view.show_host_cores)
        feed.cluster.rerun.connect(narrator.warn)
        feed.cluster.lost.connect(self._on_cluster_lost)
        self.tabs.currentChanged.connect(lambda _index: self._arrange())
        self.gil_page.switch_interval_chosen.connect(feed.set_switch_interval)
        self.gil_page.switch_interval_chosen.connect(narrator.switch_interval_chosen)

    # --- actions (buttons and keys; the keys are keymap.py's) ---------------------------------

    @Slot()
    def start_run(self) -> None:
        self.choices.start_chosen()

    def choose_mode(self, mode: Mode) -> None:
        self.choices.choose_mode(mode)

    def choose_workload(self, workload: Workload) -> None:
        self.choices.choose_workload(workload)

    def use_code(self, code: CheckedCode, chunks: int = DEFAULT_CHUNKS) -> None:
        self.choices.use_code(code, chunks)

    def show_tab(self, index: int) -> None:
        self.tabs.show_page(index)

    @Slot()
    def clear_runs(self) -> None:
        self.results.clear_reports()
        self.core_view.clear_reports()
        self.speedup_chart.clear_runs()
        self.narrator.runs_cleared()

    def next_theme(self) -> None:
        self.theme = theme = next_theme(self.theme)
        self.setStyleSheet(theme.style_sheet())
        pages = (self.results, self.summary, self.lanes, self.speedup_chart, self.gil_page)
        for widget in (self.header, self.core_view, *pages, self.code_page):
            widget.set_theme(theme)
        self.narrator.theme_chosen(theme)

    def toggle_core_view(self) -> None:
        """Per-core history graphs ⇄ bars (with their one-minute strip)."""
        self.core_view.toggle_view()
        self.narrator.cores_shown_as(self.core_view.view)

    def toggle_fullscreen(self) -> None:
        self.showNormal() if self.isFullScreen() else self.showFullScreen()

    def escape(self) -> None:
        """Esc closes the shortcuts overlay if it is up, else leaves full screen."""
        overlay = self.shortcuts_overlay
        overlay.hide() if overlay.isVisible() else self.showNormal()

    # --- what the feed tells us ---------------------------------------------------------------

    @Slot(object)
    def _on_run_started(self, plan: RunPlan) -> None:
        if self.choices.follow_run(plan):
            self.header.show_chosen(plan.mode)
        self.lanes.show_run(plan)
        self.gil_page.show_run(plan.mode)
        self.gil_page.offer_interval(self.controller.sets_switch_interval)
        self.core_view.set_running_mode(plan.mode)
        self.tabs.show_run()
        self.header.show_mode(plan.mode)  # a serial baseline is named as what it is
        self.narrator.run_started(plan, self.controls.mode)

    @Slot(object)
    def _on_run_ended(self, outcome: RunOutcome) -> None:
        if isinstance(outcome, RunFinished):
            self.lanes.show_costs(outcome.report.result)
            for page in (self.results, self.summary, self.speedup_chart, self.core_view):
                page.add_report(outcome.report)
        self.narrator.run_ended(outcome)

    @Slot(bool)
    def _on_busy_changed(self, busy: bool) -> None:
        self._arrange()
        if not busy:
            self.core_view.set_running_mode(None)
            self.header.show_mode(self.controls.mode)

    @Slot(str)
    def _on_cluster_lost(self, reason: str) -> None:
        self.core_view.show_cluster(None)
        self.header.show_cluster(None)
        self.narrator.cluster_lost(reason)

    def _arrange(self) -> None:
        """During a run the choices step aside (Stop stays, beside the progress) to give the
        cores room; the code page is a slide of its own under the banner (T, P still switch
        it). Threads are watched only while the GIL page is shown: hidden, that costs nothing."""
        busy, code = self.controller.is_busy, self.tabs.code_shown
        self.controls.setVisible(not busy and not code)
        for widget in (self.core_view, self.status):
            widget.setHidden(code)
        self.tabs.fit(running=busy)
        self.controller.watch_gil("page", self.tabs.gil_shown)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        self.closing.emit()
        self.sampler.stop()
        self.controller.shutdown()
        event.accept()
