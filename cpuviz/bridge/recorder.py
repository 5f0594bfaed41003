"""Writes what the window would show (samples, runs, worker events, GIL lanes) into a
recording."""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QObject, Signal

from cpuviz.bridge.controller import Controller
from cpuviz.bridge.sampler import Sampler
from cpuviz.core.recording.format import RecordingWriter, RunFailed, RunStopped
from cpuviz.core.sampling.sources import CpuSample
from cpuviz.core.system.files import FileWriteError


class Recorder(QObject):
    """Listens to the controller and the sampler; every signal becomes one line or a few.

    If the file cannot take a line (a full disk), `failed` says why, once, and nothing more is
    written: what is on disk so far is a recording that plays.
    """

    failed = Signal(str)

    def __init__(self, writer: RecordingWriter, controller: Controller, sampler: Sampler) -> None:
        super().__init__(controller)
        self.writer = writer
        self.runs = 0
        self.failure: str | None = None
        sampler.sampled.connect(self._on_sample)
        controller.run_started.connect(self._now)
        controller.gil_slots.connect(self._now)
        controller.watch_gil("recording", True)  # a replay's GIL page shows the run too
        controller.worker_events.connect(self._on_events)
        controller.run_finished.connect(self._on_run_ended)
        controller.run_stopped.connect(lambda: self._on_run_ended(RunStopped()))
        controller.run_failed.connect(lambda reason: self._on_run_ended(RunFailed(reason)))

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

    def _on_run_ended(self, item: Any) -> None:
        self.runs += 1
        self._now(item)
