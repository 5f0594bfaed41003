"""What a run is: the mode, how many workers, how much work."""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import StrEnum

from cpuviz.core.workloads import Workload


class Mode(StrEnum):
    """How the same chunks of work are spread over the machine.

    Every mode but processes runs all its workers in one child process: threads (sharing one
    GIL), asyncio tasks on one thread, subinterpreters (one GIL each) or free-threaded threads
    (no GIL at all). Only processes spread them over one child process each.
    """

    SERIAL = "serial"
    THREADS = "threads"
    PROCESSES = "processes"
    ASYNCIO = "asyncio"
    INTERPRETERS = "interpreters"
    FREE_THREADED = "free-threaded"

    @property
    def title(self) -> str:
        return "asyncio" if self is Mode.ASYNCIO else self.value.capitalize()


@dataclass(frozen=True, slots=True)
class WorkSize:
    """A fixed amount of work: `chunks` pieces of `iterations_per_chunk` kernel steps each.

    Sizes are counts, not durations, so every mode computes exactly the same thing and the
    checksums can be compared. Chunks are kept near 20 ms so that Stop is noticed quickly.
    """

    name: str
    chunks: int
    iterations_per_chunk: int


# Calibrated on the 2-core development machine (~6 M kernel steps/s): ~2 s, ~5 s, ~10 s serial.
WORK_SIZES: dict[str, WorkSize] = {
    size.name: size
    for size in (
        WorkSize("small", chunks=100, iterations_per_chunk=120_000),
        WorkSize("medium", chunks=250, iterations_per_chunk=120_000),
        WorkSize("large", chunks=500, iterations_per_chunk=120_000),
    )
}

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
