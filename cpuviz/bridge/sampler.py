"""Samples a CPU source on a QTimer and hands each sample to whoever listens."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

from cpuviz.bridge.run_feed import RunFeed
from cpuviz.core.runs.plan import Mode, RunPlan
from cpuviz.core.sampling.sources import CpuSource


class Sampler(QObject):
    """One source read per tick, shared by the chart, the readouts and the run meter.

    A single reader matters for psutil: cpu_percent() reports the load since its previous call,
    so two callers would each see half the picture.
    """

    sampled = Signal(object)  # CpuSample

    def __init__(self, source: CpuSource, interval_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.source = source
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.tick)

    @property
    def interval_ms(self) -> int:
        return self._timer.interval()

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    @Slot()
    def tick(self) -> None:
        self.sampled.emit(self.source.sample())

    @Slot(object)
    def observe_run(self, plan: RunPlan | None) -> None:
        self.source.observe_run(plan)

    def follow_runs(self, feed: RunFeed) -> None:
        """The source hears which run goes (the synthetic one draws it) and which processes
        are its workers (the live one reads their share of each core), and the feed hears
        every sample (so each run measures its busy cores): window and recording alike."""
        feed.run_started.connect(lambda plan: self._run_started(feed, plan))
        feed.run_ended.connect(lambda _outcome: self.observe_run(None))
        self.sampled.connect(feed.observe_sample)

    def _run_started(self, feed: RunFeed, plan: RunPlan) -> None:
        """The hosts stay watched after the run: what they do between runs is the app's too.
        A cluster's workers are Dask's processes, none of them a host: their share is unknown,
        and the whole load is drawn as the run's, as before shares were read."""
        self.source.watch(None if plan.mode is Mode.CLUSTER else feed.worker_pids())
        self.observe_run(plan)
