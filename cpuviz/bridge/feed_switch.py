"""The app's own window is fed by its own runs or by a program picked in it, one at a time.

A RunFeed in front of two: the controller (the app's own runs) and a program feed. The window is
built on the switch and so never asks which of them it shows: every RunFeed signal of the one
shown is passed on as the switch's own, and every call goes to it. Picking a program
(`watch_program`) shows the program feed; choosing a mode or a workload (`use_own_runs`) shows
the controller again, whose worker pool stays up meanwhile. Closing ends both.

The signals are connected once, from both feeds, and passed on only from the one shown: whoever
listens to a feed directly after the switch was made (the program's own words in the caption)
then still hears each signal after the window has.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject, Signal

from cpuviz.bridge.program_feed import ProgramFeed
from cpuviz.bridge.run_feed import RunFeed
from cpuviz.core.runs.messages import Fault
from cpuviz.core.runs.plan import Mode, RunPlan, WorkSize
from cpuviz.core.runs.switch_interval import SwitchInterval
from cpuviz.core.sampling.sources import CpuSample, CpuSource, PsutilSource
from cpuviz.core.work.user_code import UserCode
from cpuviz.core.work.workloads import Workload

# Every signal a RunFeed declares, read from the class: one added there is passed on too.
RUN_FEED_SIGNALS = tuple(name for name, value in vars(RunFeed).items() if isinstance(value, Signal))


class FeedSwitch(RunFeed):
    """Shows `own` (the app's runs) or `program` (a program picked in the window)."""

    def __init__(
        self,
        own: RunFeed,
        program: ProgramFeed,
        source: CpuSource,
        parent: QObject | None = None,
    ) -> None:
        """`source` is the window's CPU source: while the program is shown it takes each
        core's share from the program feed's readings, as `cpuviz run`'s does."""
        super().__init__(own.cores, parent)
        self.own, self.program = own, program
        self._shown: RunFeed = own
        self._source = source
        self.cluster = own.cluster  # the cluster is the app's own, whichever feed is shown
        for feed in (own, program):
            feed.setParent(self)
            for name in RUN_FEED_SIGNALS:
                getattr(feed, name).connect(
                    lambda *args, feed=feed, name=name: self._pass_on(feed, name, args)
                )

    def _pass_on(self, feed: RunFeed, name: str, args: tuple[object, ...]) -> None:
        if feed is self._shown:
            getattr(self, name).emit(*args)

    @property
    def shown(self) -> RunFeed:
        """The feed whose runs the window shows now."""
        return self._shown

    def _show(self, feed: RunFeed) -> None:
        """Show `feed` from now on; the window hears its state at once."""
        if feed is self._shown:
            return
        self._shown = feed
        if isinstance(self._source, PsutilSource):
            if feed is self.program:
                self._source.share_from(self.program.core_share)
            else:  # the source's own reader again, on the controller's hosts
                self._source.watch(None)
                self._source.watch(self.own.worker_pids())
        self.ready_changed.emit(feed.is_ready)
        self.busy_changed.emit(feed.is_busy)

    # --- which feed is shown ------------------------------------------------------------------

    def watch_program(self, command: Sequence[str]) -> str | None:
        if self._shown.is_busy:
            return "a run is going: stop it first"
        before = self._shown
        self._show(self.program)
        problem = self.program.watch_program(command)
        if problem is not None:
            self._show(before)
        return problem

    def use_own_runs(self) -> None:
        if not self._shown.is_busy:
            self._show(self.own)

    # --- what goes to the feed shown ----------------------------------------------------------

    @property
    def is_ready(self) -> bool:
        return self._shown.is_ready

    @property
    def is_busy(self) -> bool:
        return self._shown.is_busy

    @property
    def fixed_plan(self) -> RunPlan | None:
        return self._shown.fixed_plan

    @property
    def watching_gil(self) -> bool:
        return self._shown.watching_gil

    @property
    def sets_switch_interval(self) -> bool:
        return self._shown.sets_switch_interval

    @property
    def offers_choices(self) -> bool:
        """Always: choosing a mode or a workload brings the app's own runs back."""
        return True

    def start_all(
        self,
        runs: list[tuple[Workload, Mode]],
        workers: int,
        size: WorkSize,
        fault: Fault = Fault.NONE,
        code: UserCode | None = None,
    ) -> None:
        self._shown.start_all(runs, workers, size, fault, code)

    def stop(self) -> None:
        self._shown.stop()

    def observe_sample(self, sample: CpuSample) -> None:
        self._shown.observe_sample(sample)

    def worker_pids(self) -> list[int]:
        return self._shown.worker_pids()

    # --- what readies the app's own workers, and the GIL watch of both -----------------------

    def prepare(self, workers: int) -> None:
        self.own.prepare(workers)

    def prepare_cluster(self, workers: int) -> None:
        self.own.prepare_cluster(workers)

    def set_switch_interval(self, interval: SwitchInterval) -> None:
        self.own.set_switch_interval(interval)

    def watch_gil(self, reason: str, wanted: bool) -> None:
        for feed in (self.own, self.program):
            feed.watch_gil(reason, wanted)

    def shutdown(self) -> None:
        for feed in (self.program, self.own):
            feed.shutdown()
