"""Writes what the window would show (samples, runs, worker events, GIL lanes) into a
recording."""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QObject, Signal

from cpuviz.bridge.run_feed import RunFeed
from cpuviz.bridge.sampler import Sampler
from cpuviz.core.recording.writer import RecordingWriter
from cpuviz.core.runs.outcome import RunFinished, RunOutcome
from cpuviz.core.sampling.sources import CpuSample
from cpuviz.core.system.files import FileWriteError


class Recorder(QObject):
    """Listens to a run feed and the sampler; every signal becomes one line or a few.

    If the file cannot take a line (a full disk), `failed` says why, once, and nothing more is
    written: what is on disk so far is a recording that plays.
    """

    failed = Signal(str)

    def __init__(self, writer: RecordingWriter, feed: RunFeed, sampler: Sampler) -> None:
        super().__init__(feed)
        self.writer = writer
        self.runs = 0
        self.failure: str | None = None
        sampler.sampled.connect(self._on_sample)
        feed.run_started.connect(self._now)
        feed.gil_slots.connect(self._now)
        feed.watch_gil("recording", True)  # a replay's GIL page shows the run too
        feed.worker_events.connect(self._on_events)
        feed.run_ended.connect(self._on_run_ended)

    def _on_sample(self, sample: CpuSample) -> None:
        self._write(sample, sample.taken_at_s)

    def _now(self, item: Any) -> None:
        self._write(item, time.monotonic())

    def _write(self, item: Any, at_s: float) -> None:
        if self.failure is not None:
            return
        try:
            self.writer.write(item, at_s)
        except FileWriteError as error:
            self.failure = str(error)
            self.failed.emit(self.failure)

    def _on_events(self, events: list[Any]) -> None:
        for event in events:
            self._now(event)

    def _on_run_ended(self, outcome: RunOutcome) -> None:
        """A finished run is stored as its report ("run_finished"), a stopped or failed one as
        itself: the lines a replay plays, as recordings have always had them."""
        self.runs += 1
        self._now(outcome.report if isinstance(outcome, RunFinished) else outcome)
