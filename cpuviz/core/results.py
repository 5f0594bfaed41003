"""What a run produced, and how to read it against the serial baseline."""

from __future__ import annotations

from dataclasses import dataclass

from cpuviz.core.plan import Mode, RunPlan


@dataclass(frozen=True, slots=True)
class RunResult:
    """A completed (or cancelled) run as measured."""

    plan: RunPlan
    elapsed_s: float
    checksum: int
    chunks_done: int
    cpu_s: float
    busy_cores: float | None
    cancelled: bool = False


@dataclass(frozen=True, slots=True)
class RunReport:
    """A result set against a measured serial run of the same work on the same machine."""

    result: RunResult
    baseline_elapsed_s: float | None
    cores: int
    is_baseline: bool = False

    @property
    def speedup(self) -> float | None:
        if self.baseline_elapsed_s is None or self.result.elapsed_s <= 0:
            return None
        return self.baseline_elapsed_s / self.result.elapsed_s

    @property
    def ideal_speedup(self) -> int:
        """What perfect scaling would give: one core per worker, up to the number of cores."""
        return max(1, min(self.result.plan.worker_count, self.cores))

    @property
    def efficiency(self) -> float | None:
        speedup = self.speedup
        return None if speedup is None else speedup / self.ideal_speedup


def explain(report: RunReport) -> str:
    """One sentence for the audience: what the numbers mean, in plain words."""
    result = report.result
    busy = "" if result.busy_cores is None else f"{result.busy_cores:.1f} cores busy"
    speedup = report.speedup
    faster = "" if speedup is None else f"{speedup:.1f}× vs serial"
    measured = ", ".join(part for part in (busy, faster) if part)
    mode = result.plan.mode
    if mode is Mode.SERIAL:
        reason = "one worker on one core: the baseline every speedup is measured against"
    elif mode is Mode.THREADS:
        reason = "the GIL lets only one thread run Python at a time, so they take turns"
    elif report.ideal_speedup == 1:
        reason = "one worker can only ever use one core; add workers to use more"
    else:
        reason = "each process has its own interpreter and its own GIL, so all cores work"
    return f"{mode.title}: {measured} — {reason}." if measured else f"{mode.title}: {reason}."
