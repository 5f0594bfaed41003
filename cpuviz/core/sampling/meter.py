"""Average busy cores over a run from the samples the chart already takes."""

from __future__ import annotations

from cpuviz.core.sampling.sources import CpuSample


class BusyCoresMeter:
    """Time-weighted mean of the run's busy cores, and of other programs', between `start()`
    and the last sample.

    Each sample covers the time since the one before, which is what psutil reports, so the
    weights are the gaps between samples. Reusing the chart's samples means no second psutil
    caller perturbs the numbers the audience sees. The run's cores are its workers' own
    (CpuSample.run_cores), so a browser busy beside the run is not counted as the run's.
    """

    def __init__(self) -> None:
        self._last_at_s: float | None = None
        self._run_sum = 0.0
        self._other_sum = 0.0
        self._span_s = 0.0

    def start(self, at_s: float) -> None:
        self._last_at_s = at_s
        self._run_sum = 0.0
        self._other_sum = 0.0
        self._span_s = 0.0

    def add(self, sample: CpuSample) -> None:
        if self._last_at_s is None or sample.taken_at_s <= self._last_at_s:
            return
        gap_s = sample.taken_at_s - self._last_at_s
        self._run_sum += sample.run_cores * gap_s
        self._other_sum += sample.other_cores * gap_s
        self._span_s += gap_s
        self._last_at_s = sample.taken_at_s

    def stop(self) -> None:
        self._last_at_s = None

    @property
    def started(self) -> bool:
        return self._last_at_s is not None

    @property
    def mean(self) -> float | None:
        """The run's own busy cores on average."""
        return self._run_sum / self._span_s if self._span_s > 0 else None

    @property
    def other_mean(self) -> float | None:
        """Other programs' busy cores on average over the same span."""
        return self._other_sum / self._span_s if self._span_s > 0 else None
