"""Where per-core CPU load comes from: live psutil, or a synthetic N-core machine.

Every source has the same tiny surface (a name, a core count, `sample()`), so the chart, the
tests and the demos can swap them with one command-line flag.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import psutil

from cpuviz.core.runs.plan import Mode, RunPlan
from cpuviz.core.sampling.process_cores import ProcessCores, process_cores
from cpuviz.core.work.workloads import Workload

MAX_SYNTHETIC_CORES = 256
# What a worker that mostly waits costs a core, as measured for the io workload.
WAITING_WORKER_PCT = 3.0


@dataclass(frozen=True, slots=True)
class CpuSample:
    """Per-core load in percent at one moment (`taken_at_s` is time.monotonic()).

    `run_pct` is the part of each core's load that was the app's own workers' (never more than
    the core's load); None where nobody knows, as in recordings made before it was read: then
    the whole load counts as the run's, as it did then.
    """

    per_core_pct: tuple[float, ...]
    taken_at_s: float
    run_pct: tuple[float, ...] | None = None

    @property
    def busy_cores(self) -> float:
        """How many cores' worth of work is being done: two half-busy cores make one."""
        return sum(self.per_core_pct) / 100.0

    @property
    def run_cores(self) -> float:
        """How many cores' worth the run's workers did (all the load, where that is unknown)."""
        return self.busy_cores if self.run_pct is None else sum(self.run_pct) / 100.0

    def shown_pct(self, cores: int) -> list[tuple[int, int]]:
        """The first `cores` cores as a bar, a cell or a pixel shows them: (load, the run's part
        of it) in whole percent; where nobody knows whose the load was, all of it is the run's."""
        shares = self.run_pct or self.per_core_pct
        shown = []
        for pct, share in zip(self.per_core_pct[:cores], shares, strict=False):
            load = whole_pct(pct)
            shown.append((load, min(load, whole_pct(share))))
        return shown

    @property
    def other_cores(self) -> float:
        """How many cores' worth other programs (the window itself among them) did."""
        return max(0.0, self.busy_cores - self.run_cores)


def whole_pct(pct: float) -> int:
    """A load as a bar, a cell or a pixel shows it: whole percent, 0 … 100."""
    return min(100, max(0, round(pct)))


class CpuSource(Protocol):
    name: str
    core_count: int

    def sample(self) -> CpuSample:
        """Load since the previous call (for psutil) or at this tick (for synthetic)."""
        ...

    def observe_run(self, plan: RunPlan | None) -> None:
        """Told when a run starts (plan) and ends (None); live sources ignore it."""
        ...

    def watch(self, pids: Sequence[int] | None) -> None:
        """The run's worker processes, whose share of each core the samples carry from now on
        (None: unknown, as for a cluster's workers); only the live source reads them."""
        ...


class PsutilSource:
    """The real machine: per-core load since the previous sample, from psutil's CPU times.

    psutil.cpu_percent(percpu=True) computes the same numbers, but this is the one call the
    window makes on every tick, and doing the arithmetic here on cpu_times() costs a quarter
    less (≈ 0.1 ms a tick here), most of what is left being the kernel writing /proc/stat.

    The run's share of each core comes from its workers' own clocks (process_cores.py), over
    the same span as the core's: a share is never more than its core's load, which the two
    clocks' ticks could otherwise make it by a tick.
    """

    name = "psutil"

    def __init__(self) -> None:
        self._previous = [busy_and_total_s(times) for times in psutil.cpu_times(percpu=True)]
        self.core_count = len(self._previous)
        self._run: ProcessCores | None = process_cores(self.core_count)

    def sample(self) -> CpuSample:
        now = [busy_and_total_s(times) for times in psutil.cpu_times(percpu=True)]
        run_s = self._run.read() if self._run is not None else None
        # Each core's busy and total seconds since the previous sample.
        steps_s = [
            (busy_s - before_busy_s, total_s - before_total_s)
            for (busy_s, total_s), (before_busy_s, before_total_s) in zip(
                now, self._previous, strict=False
            )
        ]
        self._previous = now
        per_core_pct = tuple(_percent(busy_s, span_s) for busy_s, span_s in steps_s)
        run_pct = None
        if run_s is not None:
            run_pct = tuple(
                min(pct, _percent(used_s, span_s))
                for pct, used_s, (_, span_s) in zip(per_core_pct, run_s, steps_s, strict=False)
            )
        return CpuSample(per_core_pct, time.monotonic(), run_pct)

    def observe_run(self, plan: RunPlan | None) -> None:
        pass

    def share_from(self, reader: ProcessCores) -> None:
        """Read the run's share with `reader` from now on, not with a reader of its own: a
        watched program's feed reads the program's threads for its lanes anyway."""
        if self._run is not None:
            self._run.close()
        self._run = reader

    def watch(self, pids: Sequence[int] | None) -> None:
        if pids is None:
            if self._run is not None:
                self._run.close()
            self._run = None
            return
        if self._run is None:
            self._run = process_cores(self.core_count)
        self._run.watch(pids)


def busy_and_total_s(times: Any) -> tuple[float, float]:
    """Busy and total CPU seconds as psutil.cpu_percent() counts them: waiting for I/O is idle,
    and guest time is already inside user time, so it is not added twice."""
    total_s = sum(times) - getattr(times, "guest", 0.0) - getattr(times, "guest_nice", 0.0)
    return total_s - times.idle - getattr(times, "iowait", 0.0), total_s


def _percent(busy_s: float, total_s: float) -> float:
    return 0.0 if total_s <= 0 else min(100.0, max(0.0, 100.0 * busy_s / total_s))


class SyntheticSource:
    """A pretend machine with `core_count` cores whose load follows the app's own runs.

    Idle cores sit at exactly `idle_pct`; a run lights cores the way the real machine would:
    parallel workers fill one core each, GIL-bound threads keep one core busy and hop between
    cores on every sample, waiting workers barely register. Exact numbers make it the source of
    choice for tests and many-core demos.
    """

    def __init__(self, core_count: int, idle_pct: float = 3.0) -> None:
        self.name = f"synthetic:{core_count}"
        self.core_count = core_count
        self.idle_pct = idle_pct
        self._plan: RunPlan | None = None
        self._tick = 0

    def observe_run(self, plan: RunPlan | None) -> None:
        self._plan = plan

    def watch(self, pids: Sequence[int] | None) -> None:
        """A pretend machine runs nothing else: all its load is the run's, as it always was
        (its samples carry no share), so its figures stay exact for tests and demos."""

    def sample(self) -> CpuSample:
        load = [self.idle_pct] * self.core_count
        plan = self._plan
        if plan is not None:
            usable = min(plan.worker_count, self.core_count)
            if plan.workload.waits:
                load[0] = min(100.0, WAITING_WORKER_PCT * plan.worker_count)
            elif plan.mode is Mode.THREADS and plan.workload is Workload.CPU:
                load[self._tick % usable] = 100.0
            elif plan.mode in (Mode.SERIAL, Mode.ASYNCIO):
                load[0] = 100.0
            else:
                load[:usable] = [100.0] * usable
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
