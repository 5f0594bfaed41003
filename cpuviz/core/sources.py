"""Where per-core CPU load comes from: live psutil, or a synthetic N-core machine.

Every source has the same tiny surface (a name, a core count, `sample()`), so the chart, the
tests and the demos can swap them with one command-line flag.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Protocol

import psutil

from cpuviz.core.plan import Mode, RunPlan

MAX_SYNTHETIC_CORES = 256


@dataclass(frozen=True, slots=True)
class CpuSample:
    """Per-core load in percent at one moment (`taken_at_s` is time.monotonic())."""

    per_core_pct: tuple[float, ...]
    taken_at_s: float

    @property
    def busy_cores(self) -> float:
        """How many cores' worth of work is being done: two half-busy cores make one."""
        return sum(self.per_core_pct) / 100.0

    @property
    def total_pct(self) -> float:
        return sum(self.per_core_pct) / max(1, len(self.per_core_pct))


class CpuSource(Protocol):
    name: str
    core_count: int

    def sample(self) -> CpuSample:
        """Load since the previous call (for psutil) or at this tick (for synthetic)."""
        ...

    def observe_run(self, plan: RunPlan | None) -> None:
        """Told when a run starts (plan) and ends (None); live sources ignore it."""
        ...


class PsutilSource:
    """The real machine, via psutil.cpu_percent(percpu=True) with no blocking interval."""

    name = "psutil"

    def __init__(self) -> None:
        psutil.cpu_percent(percpu=True)  # prime: the first call has nothing to compare against
        self.core_count = psutil.cpu_count(logical=True) or 1

    def sample(self) -> CpuSample:
        return CpuSample(tuple(psutil.cpu_percent(percpu=True)), time.monotonic())

    def observe_run(self, plan: RunPlan | None) -> None:
        pass


class SyntheticSource:
    """A pretend machine with `core_count` cores whose load follows the app's own runs.

    Idle cores sit at exactly `idle_pct`; a run lights cores the way the real machine would:
    processes fill one core per worker, threads keep one core busy and hop between cores on
    every sample. Exact numbers make it the source of choice for tests and many-core demos.
    """

    def __init__(self, core_count: int, idle_pct: float = 3.0) -> None:
        self.name = f"synthetic:{core_count}"
        self.core_count = core_count
        self.idle_pct = idle_pct
        self._plan: RunPlan | None = None
        self._tick = 0

    def observe_run(self, plan: RunPlan | None) -> None:
        self._plan = plan

    def sample(self) -> CpuSample:
        load = [self.idle_pct] * self.core_count
        plan = self._plan
        if plan is not None:
            usable = min(plan.worker_count, self.core_count)
            if plan.mode is Mode.PROCESSES:
                load[:usable] = [100.0] * usable
            else:
                load[self._tick % usable if plan.mode is Mode.THREADS else 0] = 100.0
        self._tick += 1
        return CpuSample(tuple(load), time.monotonic())


def parse_source(spec: str) -> CpuSource:
    """Build a source from its command-line spelling: `psutil` or `synthetic:N`."""
    if spec == "psutil":
        return PsutilSource()
    kind, _, count = spec.partition(":")
    if kind == "synthetic" and count.isdigit() and 1 <= int(count) <= MAX_SYNTHETIC_CORES:
        return SyntheticSource(int(count))
    raise ValueError(
        f"unknown source {spec!r}: use 'psutil' or 'synthetic:N' with N from 1 to "
        f"{MAX_SYNTHETIC_CORES}"
    )
