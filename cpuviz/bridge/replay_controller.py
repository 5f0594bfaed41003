"""Plays a recording's runs into the window, in place of the live Controller.

A RunFeed, as the live controller is: it emits the same signals at the recorded moments, and
rebuilds progress and worker lanes from the recorded worker events with the same RunTracker the
live controller uses, so a replayed run looks exactly like the one recorded. Start plays from
the beginning again; Stop pauses.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Slot

from cpuviz.bridge.run_feed import RunFeed
from cpuviz.core.gil.trace import GilSlots
from cpuviz.core.recording.format import shift_clock
from cpuviz.core.recording.replay import Playback
from cpuviz.core.runs.cluster_messages import ChunkRerun, ClusterLost, ClusterView, HostCores
from cpuviz.core.runs.messages import Fault, Progress, WorkerFailed, WorkerFinished
from cpuviz.core.runs.outcome import RunFailed, RunFinished, RunStopped
from cpuviz.core.runs.plan import Mode, RunPlan, WorkSize
from cpuviz.core.runs.results import RunReport
from cpuviz.core.runs.tracker import RunTracker
from cpuviz.core.watch.lanes import ProgramLanes, ProgramTimeline
from cpuviz.core.work.user_code import UserCode
from cpuviz.core.work.workloads import Workload

TICK_MS = 20


class ReplayController(RunFeed):
    """A recording's runs, played back; `restarted` when Start plays them from the beginning
    again (what was shown is replayed). Its GIL lanes and busy cores were recorded, so they
    play whether the GIL page is shown or not, and it measures nothing itself."""

    def __init__(self, playback: Playback, parent: QObject | None = None) -> None:
        super().__init__(playback.recording.header.cores, parent)
        self._playback = playback
        self._entries = playback.recording.entries
        self._next = 0
        self._tracker: RunTracker | None = None
        self._started = False
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._advance)

    @property
    def fixed_plan(self) -> RunPlan | None:
        """The first run the recording shows (past any serial baseline): what the window's
        controls show before and at the start of each playing, whatever is chosen."""
        return self._playback.recording.first_plan()

    @property
    def is_ready(self) -> bool:
        return True

    @property
    def is_busy(self) -> bool:
        return self._timer.isActive()

    def prepare(self, workers: int) -> None:
        """Called once the window is up: the replay starts then, unless it has already."""
        if not self._started:
            self._play()

    def start_all(
        self,
        runs: list[tuple[Workload, Mode]],
        workers: int,
        size: WorkSize,
        fault: Fault = Fault.NONE,
        code: UserCode | None = None,
    ) -> None:
        """Whatever was asked, a replay can only play what was recorded: from the start."""
        if not self.is_busy:
            if self._started:
                self.restarted.emit()
            self._play()

    def stop(self) -> None:
        if self.is_busy:
            self._timer.stop()
            if self._tracker is not None:
                self._tracker = None
                self.run_ended.emit(RunStopped())
            self.busy_changed.emit(False)

    def shutdown(self) -> None:
        self._timer.stop()

    def _play(self) -> None:
        if not self._started:
            self._started = True
            self.ready_changed.emit(True)  # nothing to start up: Start can replay at once
        self._playback.restart()
        self._next = 0
        self._tracker = None
        self._timer.start()
        self.busy_changed.emit(True)
        self._advance()

    @Slot()
    def _advance(self) -> None:
        """Play every entry that is due; progress and lanes once per tick, as live."""
        position_s = self._playback.position_s()
        moved = False
        while self._next < len(self._entries) and self._entries[self._next].t_s <= position_s:
            entry = self._entries[self._next]
            self._next += 1
            moved = self._play_entry(entry.item, self._playback.origin_s + entry.t_s) or moved
        tracker = self._tracker
        if moved and tracker is not None:
            now_s = self._playback.origin_s + position_s
            self.progress.emit(tracker.fraction_done(now_s), tracker.eta_s(now_s))
            self.timeline_changed.emit(tracker.timeline)
        if self._next >= len(self._entries):
            self._timer.stop()
            self.busy_changed.emit(False)

    def _play_entry(self, item: object, at_s: float) -> bool:
        """Show one recorded entry; True if it moved the current run along."""
        match item:
            case RunPlan():
                self._tracker = RunTracker(item, at_s)
                self.run_started.emit(item)
                self.progress.emit(0.0, None)
                self.timeline_changed.emit(self._tracker.timeline)
            case Progress() | WorkerFinished() | WorkerFailed() if self._tracker is not None:
                self._tracker.feed(shift_clock(item, self._playback.origin_s))
                return True
            case ClusterView() | HostCores() | ChunkRerun() | ClusterLost():
                item = shift_clock(item, self._playback.origin_s)
                if self._tracker is not None:
                    self._tracker.feed(item)
                self.cluster.announce(item)
            case RunReport():
                if self._tracker is not None:
                    self.timeline_changed.emit(self._tracker.timeline)
                self._tracker = None
                self.run_ended.emit(RunFinished(item))
            case ProgramLanes() if self._tracker is not None:  # a watched program's
                if not isinstance(self._tracker.timeline, ProgramTimeline):
                    self._tracker.timeline = ProgramTimeline(item.run_id)
                self._tracker.timeline.apply(item)
                self.timeline_changed.emit(self._tracker.timeline)
            case GilSlots():
                self.gil_slots.emit(item)
            case RunStopped() | RunFailed():
                self._tracker = None
                self.run_ended.emit(item)
        return False
