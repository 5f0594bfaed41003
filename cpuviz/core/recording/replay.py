"""Playing a recording back: one clock for the samples and the events, and the replay source.

The bars read the replay source on the sampler's timer; the replay controller emits the run
events on its own. Both ask the same Playback where in the recording they are, so the bars and
the lanes never drift apart.
"""

from __future__ import annotations

import time
from bisect import bisect_right
from collections.abc import Callable, Sequence

from cpuviz.core.recording.format import Recording
from cpuviz.core.runs.plan import RunPlan
from cpuviz.core.sampling.sources import CpuSample


class Playback:
    """Seconds into the recording, on time.monotonic() (or any clock a test passes)."""

    def __init__(self, recording: Recording, clock: Callable[[], float] = time.monotonic) -> None:
        self.recording = recording
        self._clock = clock
        self.origin_s = clock()

    def restart(self) -> None:
        self.origin_s = self._clock()

    def position_s(self) -> float:
        return self._clock() - self.origin_s


class ReplaySource:
    """The recorded machine's load at the playback position: a CpuSource like the others.

    Before the first recorded sample every core reads 0; after the last, the last one stays,
    so the picture at the end of a demo stays up for questions.
    """

    def __init__(self, playback: Playback) -> None:
        recording = playback.recording
        self.name = f"replay of {recording.file_name or 'a recording'}"
        self.core_count = recording.header.cores
        self._playback = playback
        self._times = [
            entry.t_s for entry in recording.entries if isinstance(entry.item, CpuSample)
        ]
        self._samples = recording.samples()

    def sample(self) -> CpuSample:
        index = bisect_right(self._times, self._playback.position_s()) - 1
        if index < 0:
            return CpuSample((0.0,) * self.core_count, time.monotonic())
        recorded = self._samples[index]
        return CpuSample(recorded.per_core_pct, time.monotonic(), recorded.run_pct)

    def observe_run(self, plan: RunPlan | None) -> None:
        pass

    def watch(self, pids: Sequence[int] | None) -> None:
        pass
