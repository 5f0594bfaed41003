"""process_speedup, thread_speedup and process_vs_raw_pool: the app's runners against serial and
against a plain ProcessPoolExecutor doing the very same chunks with the same start method.

Rounds interleave the four contenders, so a noisy neighbour slows them all alike, and each
reports its median round. Every contender is timed the same way: wall time from handing out the
work to having every checksum back. The raw pool is warmed first, as the app's pool is.
"""

from __future__ import annotations

import itertools
import multiprocessing
import statistics
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor

from benchmarks.measurement import Measurement, emit, log
from cpuviz.core.headless.runner import run_to_completion
from cpuviz.core.processes.pool import START_METHOD, WorkerPool
from cpuviz.core.runs.plan import WORK_SIZES, Mode, RunPlan, WorkSize, logical_cores
from cpuviz.core.work.workloads import combine, cpu_chunk, serial_checksum

ROUNDS = 3
SIZE = WORK_SIZES["medium"]


def _raw_pool_run(executor: ProcessPoolExecutor, size: WorkSize) -> tuple[float, int]:
    started_s = time.perf_counter()
    checksum = 0
    chunk_results = executor.map(
        cpu_chunk, range(size.chunks), itertools.repeat(size.iterations_per_chunk)
    )
    for chunk_checksum in chunk_results:
        checksum = combine(checksum, chunk_checksum)
    return time.perf_counter() - started_s, checksum


def _app_run(pool: WorkerPool, plan: RunPlan) -> tuple[float, int]:
    started_s = time.perf_counter()
    result = run_to_completion(pool, plan)
    return time.perf_counter() - started_s, result.checksum


def measure() -> list[Measurement]:
    cores = logical_cores()
    expected = serial_checksum(SIZE.chunks, SIZE.iterations_per_chunk)
    times: dict[str, list[float]] = {"serial": [], "threads": [], "processes": [], "raw": []}
    pool = WorkerPool()
    context = multiprocessing.get_context(START_METHOD)
    run_ids = itertools.count()

    def app(mode: Mode) -> Callable[[], tuple[float, int]]:
        return lambda: _app_run(pool, RunPlan(mode, cores, SIZE, next(run_ids)))

    try:
        with ProcessPoolExecutor(cores, mp_context=context) as executor:
            list(executor.map(cpu_chunk, range(cores * 4), itertools.repeat(1)))  # warm up
            pool.ensure_hosts(cores)
            pool.wait_ready()
            contenders = {
                "serial": app(Mode.SERIAL),
                "threads": app(Mode.THREADS),
                "processes": app(Mode.PROCESSES),
                "raw": lambda: _raw_pool_run(executor, SIZE),
            }
            for round_number in range(1, ROUNDS + 1):
                for name, run in contenders.items():
                    elapsed_s, checksum = run()
                    if checksum != expected:
                        raise RuntimeError(f"{name} computed a wrong checksum")
                    times[name].append(elapsed_s)
                    log(f"  throughput round {round_number}: {name} {elapsed_s:.2f} s")
    finally:
        pool.shutdown()

    def ratio(numerator: str, denominator: str) -> float:
        """Median over rounds of a ratio within each round: neighbours share the noise."""
        return statistics.median(
            [a / b for a, b in zip(times[numerator], times[denominator], strict=True)]
        )

    medians = {name: statistics.median(values) for name, values in times.items()}
    workload = f"{SIZE.chunks} chunks × {SIZE.iterations_per_chunk:,} steps, {cores} workers"
    seconds = ", ".join(f"{name} {value:.2f} s" for name, value in medians.items())
    return [
        Measurement(
            "process_speedup",
            ratio("serial", "processes"),
            anchor=ratio("serial", "raw"),
            anchor_label="raw ProcessPoolExecutor vs serial",
            note=f"medians: {seconds}; {workload}; {ROUNDS} interleaved rounds",
        ),
        Measurement(
            "thread_speedup", ratio("serial", "threads"), anchor=1.0, anchor_label="serial"
        ),
        Measurement(
            "process_vs_raw_pool",
            ratio("raw", "processes"),
            anchor=1.0,
            anchor_label="raw ProcessPoolExecutor",
        ),
    ]


if __name__ == "__main__":
    emit(measure())
