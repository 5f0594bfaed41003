"""Samples a CPU source on a QTimer and hands each sample to whoever listens."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

from cpuviz.bridge.run_feed import RunFeed
from cpuviz.core.runs.plan import RunPlan
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
        """The source hears which run goes (the synthetic one draws it), and the feed hears
        every sample (so each run measures its busy cores): window and recording alike."""
        feed.run_started.connect(self.observe_run)
        feed.run_ended.connect(lambda _outcome: self.observe_run(None))
        self.sampled.connect(feed.observe_sample)
