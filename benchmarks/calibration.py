"""calibration_error_pct: does "≈ 15 s of serial work" take 15 s serially here?

The window turns that amount into chunks from a probe host 0 makes as it starts (0.3 s for
the three workloads). Here a real pool does the same, then each workload runs it serially.
"""

from __future__ import annotations

import itertools

from benchmarks.measurement import Measurement, emit, log
from cpuviz.core.headless.runner import run_to_completion
from cpuviz.core.processes.pool import WorkerPool
from cpuviz.core.runs.plan import DEFAULT_RUN_S, Mode, RunPlan, same_work
from cpuviz.core.work.workloads import Workload


def measure() -> list[Measurement]:
    pool = WorkerPool()
    errors_pct: dict[Workload, float] = {}
    try:
        pool.ensure_hosts(1)
        pool.wait_ready()
        run_ids = itertools.count(1)
        for workload in Workload:
            asked = RunPlan(Mode.SERIAL, 1, same_work(DEFAULT_RUN_S), next(run_ids), workload)
            plan = pool.made_concrete(asked)
            size = plan.size
            elapsed_s = run_to_completion(pool, plan).elapsed_s
            errors_pct[workload] = 100 * abs(elapsed_s - DEFAULT_RUN_S) / DEFAULT_RUN_S
            log(f"  calibration: {workload}, {size.chunks} chunks took {elapsed_s:.2f} s")
    finally:
        pool.shutdown()
    worst = max(errors_pct, key=errors_pct.__getitem__)
    each = ", ".join(f"{workload} {error:.1f} %" for workload, error in errors_pct.items())
    return [
        Measurement(
            "calibration_error_pct",
            errors_pct[worst],
            note=f"serial runs of ≈{DEFAULT_RUN_S:g} s of work; worst {worst}; {each}",
        )
    ]


if __name__ == "__main__":
    emit(measure())
