"""What a run is: the mode, how many workers, how much work."""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import StrEnum

from cpuviz.core.system.pythons import PythonBuild
from cpuviz.core.work.user_code import UserCode
from cpuviz.core.work.workloads import Workload


class Mode(StrEnum):
    """How the same chunks of work are spread over the machine.

    Every mode but processes runs all its workers in one child process: threads (sharing one
    GIL), asyncio tasks on one thread, subinterpreters (one GIL each) or free-threaded threads
    (no GIL at all). Processes spread them over one child process each; cluster hands the
    chunks to a Dask cluster, whose worker processes may be on other machines.
    """

    SERIAL = "serial"
    THREADS = "threads"
    PROCESSES = "processes"
    CLUSTER = "cluster"
    ASYNCIO = "asyncio"
    INTERPRETERS = "interpreters"
    FREE_THREADED = "free-threaded"

    @property
    def title(self) -> str:
        return "asyncio" if self is Mode.ASYNCIO else self.value.capitalize()


@dataclass(frozen=True, slots=True)
class WorkSize:
    """An amount of work: `chunks` pieces of `iterations_per_chunk` kernel steps each.

    A fixed size is a count, not a duration, so every mode computes exactly the same thing and
    the checksums can be compared. A timed size (`seconds` set) instead keeps every worker busy
    until then: the same time on screen in every mode, however many cores do the work, and
    its speedup is the rate of work against serial's. Chunks are kept near 20 ms so that Stop
    (or the end of the time) is noticed quickly.
    """

    name: str
    chunks: int
    iterations_per_chunk: int
    seconds: float | None = None
    # "About this many seconds of serial work here": a fixed amount, counted in chunks by a
    # probe of this machine when the run is dispatched (see WorkerPool.made_concrete).
    serial_s: float | None = None

    @property
    def timed(self) -> bool:
        return self.seconds is not None

    def lasting(self, seconds: float) -> WorkSize:
        """The same work, for `seconds` (a shorter serial run measures the rate just as well)."""
        return WorkSize(f"{seconds:g} s", self.chunks, self.iterations_per_chunk, seconds)

    def in_chunks_of(self, serial_chunk_s: float) -> WorkSize:
        """This `serial_s` of work as a count of chunks that each take `serial_chunk_s`."""
        assert self.serial_s is not None
        chunks = max(1, round(self.serial_s / serial_chunk_s))
        return WorkSize(self.name, chunks, self.iterations_per_chunk, serial_s=self.serial_s)


def same_work(serial_s: float) -> WorkSize:
    """The same amount of work in every mode: about `serial_s` seconds of it serially here."""
    return WorkSize(f"≈{serial_s:g} s serial", 0, ITERATIONS_PER_CHUNK, serial_s=serial_s)


def chunks_of_code(chunks: int) -> WorkSize:
    """The user's function over chunk indices 0 … chunks − 1, in every mode."""
    return WorkSize(f"{chunks} chunks", chunks, 1)


def timed_work(seconds: float) -> WorkSize:
    """Work that lasts `seconds` in every mode; chunks are only an upper bound (never reached)."""
    return WorkSize(f"{seconds:g} s", TIMED_CHUNK_LIMIT, ITERATIONS_PER_CHUNK, seconds)


ITERATIONS_PER_CHUNK = 120_000
# Calibrated on the 2-core development machine (~6 M kernel steps/s): ~2 s, ~5 s, ~10 s serial.
WORK_SIZES: dict[str, WorkSize] = {
    size.name: size
    for size in (
        WorkSize("small", chunks=100, iterations_per_chunk=ITERATIONS_PER_CHUNK),
        WorkSize("medium", chunks=250, iterations_per_chunk=ITERATIONS_PER_CHUNK),
        WorkSize("large", chunks=500, iterations_per_chunk=ITERATIONS_PER_CHUNK),
    )
}
# Long enough to talk over and for every core's graph to fill, in every mode.
DEFAULT_RUN_S = 15.0
# A serial run before a timed one measures serial's rate; it need not last as long.
BASELINE_RUN_S = 5.0
MIN_RUN_S, MAX_RUN_S = 1.0, 600.0
TIMED_CHUNK_LIMIT = 10**9

MIN_WORKERS = 1


def max_workers() -> int:
    """The largest worker count offered: enough to oversubscribe, not enough to swamp a laptop."""
    return max(64, logical_cores())


def logical_cores() -> int:
    return os.cpu_count() or 1


@dataclass(frozen=True, slots=True)
class RunPlan:
    """One run as the user asked for it. `workers` is ignored in serial mode (always one)."""

    mode: Mode
    workers: int
    size: WorkSize
    run_id: int = 0
    workload: Workload = Workload.CPU
    # The user's own function, run in place of the workload's kernel (its size counts chunks).
    code: UserCode | None = None
    # The Python the hosts ran it on (None: not known, as in recordings made before it was).
    python: PythonBuild | None = None

    @property
    def work_title(self) -> str:
        """What the run computes, as the status line names it: "CPU", or "crunch()"."""
        return self.code.title if self.code is not None else self.workload.title

    @property
    def worker_count(self) -> int:
        return 1 if self.mode is Mode.SERIAL else self.workers

    def host_assignments(self) -> list[tuple[int, ...]]:
        """The worker ids each host process runs, one tuple per host.

        Processes spread workers over hosts; every other mode packs them into one host, where
        the mode decides how they run side by side (threads, tasks or subinterpreters).
        """
        if self.mode is Mode.PROCESSES:
            return [(worker,) for worker in range(self.workers)]
        return [tuple(range(self.worker_count))]
