"""What the window is fed by: one interface for every kind of run, live, replayed or watched.

The live controller, a replay of a recording and a watched program all are a RunFeed.
The signals are declared here once; what a kind of feed cannot do has a default here (a replay
cannot change the switch interval, a live run has no recording to restart), so the window
calls the same methods on whichever feed it has and never asks which one it is.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject, Signal

from cpuviz.bridge.cluster_signals import ClusterSignals
from cpuviz.core.runs.messages import Fault
from cpuviz.core.runs.plan import Mode, RunPlan, WorkSize
from cpuviz.core.runs.switch_interval import SwitchInterval
from cpuviz.core.sampling.sources import CpuSample
from cpuviz.core.work.user_code import UserCode
from cpuviz.core.work.workloads import Workload

# What RunFeed cannot do for its subclasses: each must say how it starts, stops and is ready.
EVERY_FEED_PROVIDES = ("is_ready", "is_busy", "start_all", "stop")


class RunFeed(QObject):
    """Runs, as the window sees them: each starts, moves along, and ends in one outcome."""

    ready_changed = Signal(bool)  # the feed can start a run at once
    busy_changed = Signal(bool)  # a run goes, or is queued
    run_started = Signal(object)  # RunPlan
    progress = Signal(float, object)  # fraction done, seconds left (or None)
    timeline_changed = Signal(object)  # WorkerTimeline of the current run
    worker_events = Signal(object)  # list[RunEvent] as they arrive, for a recording
    run_ended = Signal(object)  # RunOutcome: RunFinished, RunStopped or RunFailed
    gil_slots = Signal(object)  # GilSlots, while the GIL is watched and a run goes
    restarted = Signal()  # the feed plays its runs from the beginning again

    def __init__(self, cores: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cores = cores
        self.cluster = ClusterSignals(self)  # a cluster's machines, re-runs and losses

    def __init_subclass__(cls, **kwargs: object) -> None:
        """A feed that leaves out one of the methods only it can provide fails as its class is
        defined, not when the window first calls the missing method mid-lecture."""
        super().__init_subclass__(**kwargs)
        missing = [
            name for name in EVERY_FEED_PROVIDES if getattr(cls, name) is getattr(RunFeed, name)
        ]
        if missing:
            raise TypeError(f"{cls.__name__} is a RunFeed without {', '.join(missing)}")

    # --- what every feed provides itself (EVERY_FEED_PROVIDES) --------------------------------

    @property
    def is_ready(self) -> bool:
        """Start would begin a run at once."""

    @property
    def is_busy(self) -> bool:
        """A run goes, or is waiting to."""

    def start_all(
        self,
        runs: list[tuple[Workload, Mode]],
        workers: int,
        size: WorkSize,
        fault: Fault = Fault.NONE,
        code: UserCode | None = None,
    ) -> None:
        """Run these one after another (what the presenter chose; a replay plays what it has)."""

    def stop(self) -> None:
        """End the run that goes, and any that wait: the run ends in RunStopped."""

    # --- defaults for what a feed may not do --------------------------------------------------

    def shutdown(self) -> None:
        """Stop everything and leave no process behind; safe to call twice."""

    @property
    def fixed_plan(self) -> RunPlan | None:
        """The run this feed shows whatever is chosen (a recording's first), or None when the
        presenter chooses the mode, workload and workers."""
        return None

    def prepare(self, workers: int) -> None:
        """Have `workers` workers ready so Start lights the cores at once."""

    def prepare_cluster(self, workers: int) -> None:
        """Start or reach the cluster (cluster mode chosen)."""

    def set_switch_interval(self, interval: SwitchInterval) -> None:
        """How long a worker thread may hold the GIL from now on."""

    @property
    def sets_switch_interval(self) -> bool:
        """Whether set_switch_interval reaches the threads shown: not a recording's, which
        ran as they ran, nor a watched program's, which keeps its own."""
        return False

    @property
    def offers_choices(self) -> bool:
        """Whether the window's choices (mode, work, workers) shape this feed's runs, or show
        what a recording ran; not a watched program's, which runs as it is written."""
        return True

    def watch_gil(self, reason: str, wanted: bool) -> None:
        """Watch who holds the GIL during runs while any reason wants it."""

    @property
    def watching_gil(self) -> bool:
        return False

    def observe_sample(self, sample: CpuSample) -> None:
        """Fed every chart sample while the window runs."""

    def worker_pids(self) -> list[int]:
        return []

    def watch_program(self, command: Sequence[str]) -> str | None:
        """Start `command` and show it as a run, in place of this feed's own (Start runs it
        again): None once it started, else why not in one line."""
        return "a recording plays what was recorded: it runs no program"

    def use_own_runs(self) -> None:
        """Show this feed's own runs again after a program (a mode or a workload was chosen)."""
