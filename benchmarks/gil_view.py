"""gil_view_cost_pct, gil_view_rate_ratio: what watching the GIL costs; gil_threads_* and
gil_native_waiting_pct: what it shows of two CPU-bound threads and of two threads in C.

The GIL page samples the worker threads' states from a thread of the window about every
millisecond, while it is shown (hidden, the sampler is stopped: it costs nothing); less often
where a reading costs more than its budget (readers.READ_BUDGET) allows. Here the
same sampler watches a real threads run: its own thread's CPU time is the cost, and the
run's rate of work with the sampler against without it (rounds interleaved) says whether the
workers notice it at all.
"""

from __future__ import annotations

import itertools
import statistics
from pathlib import Path

from benchmarks.measurement import Measurement, emit, log
from cpuviz.core.gil.trace import GilFigures, GilSampler
from cpuviz.core.headless.runner import run_to_completion
from cpuviz.core.processes.pool import WorkerPool
from cpuviz.core.runs.plan import Mode, RunPlan, timed_work
from cpuviz.core.work.workloads import Workload

RUN_S = 6.0
ROUNDS = 3


def _thread_cpu_s(native_id: int) -> float:
    """A thread of this process's CPU time, from the kernel's scheduler statistics."""
    return int(Path(f"/proc/self/task/{native_id}/schedstat").read_text().split()[0]) / 1e9


def measure() -> list[Measurement]:
    pool = WorkerPool()
    costs_pct, rates = [], {"watched": [], "alone": []}
    seen: list[GilFigures] = []
    try:
        pool.ensure_hosts(1)
        pool.wait_ready()
        run_ids = itertools.count(1)
        for _ in range(ROUNDS):
            for watched in (False, True):
                plan = RunPlan(Mode.THREADS, 2, timed_work(RUN_S), next(run_ids))
                sampler = GilSampler(pool.host_pids()[:1]).start() if watched else None
                result = run_to_completion(pool, plan)
                if sampler is not None:
                    cost_s = _thread_cpu_s(sampler.native_id)
                    read_every_ms = sampler.take().resolution_ms
                    figures = sampler.stop()
                    seen.append(figures)
                    costs_pct.append(100 * cost_s / result.elapsed_s)
                    log(
                        f"  gil view: {costs_pct[-1]:.2f} % of a core, read every "
                        f"{read_every_ms:g} ms; {figures}"
                    )
                rates["watched" if watched else "alone"].append(
                    result.chunks_done / result.elapsed_s
                )
        native = RunPlan(Mode.THREADS, 2, timed_work(RUN_S), next(run_ids), Workload.NATIVE)
        sampler = GilSampler(pool.host_pids()[:1]).start()
        run_to_completion(pool, native)
        in_c = sampler.stop()
        log(f"  gil view: native work {in_c}")
    finally:
        pool.shutdown()
    median = {
        name: statistics.median(getattr(figures, name) for figures in seen)
        for name in ("waiting_pct", "handoffs_per_s", "overlap_pct")
    }
    turns = f"two CPU-bound threads, median of {ROUNDS} runs of {RUN_S:g} s"
    ratio = statistics.median(
        watched / alone for watched, alone in zip(rates["watched"], rates["alone"], strict=True)
    )
    return [
        Measurement(
            "gil_view_cost_pct",
            statistics.median(costs_pct),
            note=f"the sampler thread's CPU during {ROUNDS} threads runs of {RUN_S:g} s; "
            "0 while the page is hidden (the sampler is stopped)",
        ),
        Measurement(
            "gil_view_rate_ratio",
            ratio,
            anchor=1.0,
            anchor_label="the same run, not watched",
            note=f"work per second of a watched threads run ÷ an unwatched one, median of "
            f"{ROUNDS} interleaved pairs",
        ),
        Measurement("gil_threads_waiting_pct", median["waiting_pct"], note=turns),
        Measurement(
            "gil_threads_handoffs_per_s",
            median["handoffs_per_s"],
            note=f"{turns}; goal also ≤ 1000 (a switch interval of 5 ms gives about 200)",
        ),
        Measurement("gil_threads_overlap_pct", median["overlap_pct"], note=turns),
        Measurement(
            "gil_native_waiting_pct",
            in_c.waiting_pct,
            note=f"two threads hashing with sha256 (which lets go of the GIL), {RUN_S:g} s; "
            f"they ran at once {in_c.overlap_pct:.0f} % of the time",
        ),
    ]


if __name__ == "__main__":
    emit(measure())
