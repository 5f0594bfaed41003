"""What a run produced, and how to read it against the serial baseline."""

from __future__ import annotations

from dataclasses import dataclass

from cpuviz.core.plan import Mode, RunPlan
from cpuviz.core.workloads import Workload


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


# Why a mode ran as fast as it did, for the workload if it matters, else for any workload.
REASONS: dict[tuple[Mode, Workload | None], str] = {
    (Mode.SERIAL, None): "one worker on one core: the baseline every speedup is measured against",
    (Mode.THREADS, Workload.CPU): (
        "the GIL lets only one thread run Python at a time, so they take turns"
    ),
    (Mode.THREADS, Workload.IO): (
        "a waiting thread lets go of the GIL, so the threads all wait at the same time"
    ),
    (Mode.THREADS, Workload.NATIVE): (
        "hashlib lets go of the GIL while it hashes, so the threads use every core"
    ),
    (
        Mode.PROCESSES,
        None,
    ): "each process has its own interpreter and its own GIL, so all cores work",
    (Mode.PROCESSES, Workload.IO): (
        "each process waits on its own, so the waits overlap (threads do this more cheaply)"
    ),
    (Mode.ASYNCIO, None): "one thread: while one task waits, the event loop runs another",
    (Mode.INTERPRETERS, None): (
        "each subinterpreter has its own GIL, so they run in parallel inside one process"
    ),
    (Mode.FREE_THREADED, None): "this Python has no GIL, so the threads run on all cores at once",
}


def for_run(texts: dict[tuple[Mode, Workload | None], str], mode: Mode, workload: Workload) -> str:
    """The text for this mode and workload, else the mode's text for any workload."""
    return texts.get((mode, workload)) or texts[mode, None]


def explain(report: RunReport) -> str:
    """One sentence for the audience: what the numbers mean, in plain words."""
    result = report.result
    busy = "" if result.busy_cores is None else f"{result.busy_cores:.1f} cores busy"
    speedup = report.speedup
    faster = "" if speedup is None else f"{speedup:.1f}× vs serial"
    measured = ", ".join(part for part in (busy, faster) if part)
    mode, workload = result.plan.mode, result.plan.workload
    if mode is not Mode.SERIAL and report.ideal_speedup == 1:
        reason = "one worker can only ever use one core; add workers to use more"
    else:
        reason = for_run(REASONS, mode, workload)
    return f"{mode.title}: {measured} — {reason}." if measured else f"{mode.title}: {reason}."
