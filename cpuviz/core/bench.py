"""`cpuviz bench`: the same runners as the window, headless and without importing Qt."""

from __future__ import annotations

import itertools
import json
from dataclasses import asdict, dataclass

from cpuviz.core.messages import Fault
from cpuviz.core.plan import Mode, RunPlan, WorkSize
from cpuviz.core.pool import WorkerPool
from cpuviz.core.results import RunReport, RunResult
from cpuviz.core.runner import run_to_completion
from cpuviz.core.runtime import detect_runtime


@dataclass(frozen=True, slots=True)
class BenchRun:
    mode: str
    workers: int
    size: str
    elapsed_s: float
    speedup: float
    busy_cores: float


@dataclass(frozen=True, slots=True)
class BenchReport:
    cores: int
    python: str
    runs: list[BenchRun]

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2)

    def to_table(self) -> str:
        header = (
            f"{'mode':<10} {'workers':>7} {'size':<7} {'elapsed':>9} {'speedup':>8} "
            f"{'busy cores':>10}"
        )
        lines = [
            f"cpuviz bench · Python {self.python} · {self.cores} cores",
            header,
            "-" * len(header),
        ]
        for run in self.runs:
            lines.append(
                f"{run.mode:<10} {run.workers:>7} {run.size:<7} {run.elapsed_s:>8.2f}s "
                f"{run.speedup:>7.2f}× {run.busy_cores:>10.2f}"
            )
        return "\n".join(lines)


def run_bench(
    modes: list[Mode],
    workers: int,
    size: WorkSize,
    fault: Fault = Fault.NONE,
    repeat: int = 1,
) -> BenchReport:
    """Measure serial (every speedup is against it) and each asked-for mode, `repeat` times.

    Rounds interleave the modes, so a machine that slows down for a while slows them all, and
    each mode reports its median round. The pool is started and warm before the first run, as
    in the window, so start-up cost is not charged to any mode. A fault, if asked for, is
    injected into the first non-serial run.
    """
    runtime = detect_runtime()
    measured_modes = [Mode.SERIAL, *(mode for mode in modes if mode is not Mode.SERIAL)]
    rounds: dict[Mode, list[RunResult]] = {mode: [] for mode in measured_modes}
    pool = WorkerPool()
    try:
        pool.ensure_hosts(workers)
        pool.wait_ready()
        run_ids = itertools.count()
        for _ in range(repeat):
            for mode in measured_modes:
                plan = RunPlan(mode, workers, size, next(run_ids))
                rounds[mode].append(run_to_completion(pool, plan, fault))
                if mode is not Mode.SERIAL:
                    fault = Fault.NONE
    finally:
        pool.shutdown()
    medians = {mode: _median(results) for mode, results in rounds.items()}
    serial_s = medians[Mode.SERIAL].elapsed_s
    runs = []
    for mode in modes:
        result = medians[mode]
        report = RunReport(result, serial_s, runtime.logical_cores)
        runs.append(
            BenchRun(
                mode=mode.value,
                workers=result.plan.worker_count,
                size=size.name,
                elapsed_s=round(result.elapsed_s, 4),
                speedup=round(report.speedup or 0.0, 3),
                busy_cores=round(result.busy_cores or 0.0, 3),
            )
        )
    return BenchReport(cores=runtime.logical_cores, python=runtime.python_version, runs=runs)


def _median(results: list[RunResult]) -> RunResult:
    return sorted(results, key=lambda result: result.elapsed_s)[len(results) // 2]
