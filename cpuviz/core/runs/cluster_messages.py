"""What the cluster driver says about the cluster, beside the run events every mode sends.

The driver process talks to Dask; the app only ever sees these small dataclasses, on the same
Manager queue as the run events (and, for the pool's bookkeeping, on the driver's pipe).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ClusterWorker:
    """One Dask worker: its name (`dask worker --name`, else its address) and its machine."""

    name: str
    host: str
    threads: int = 1


@dataclass(frozen=True, slots=True)
class ClusterHost:
    """A machine with Dask workers on it; `this_machine` when it is the one the app runs on."""

    name: str
    cores: int
    workers: int
    this_machine: bool = False


@dataclass(frozen=True, slots=True)
class ClusterView:
    """The cluster as it is now: sent when the driver is up and whenever workers come or go."""

    scheduler: str
    embedded: bool
    workers: tuple[ClusterWorker, ...]
    hosts: tuple[ClusterHost, ...]

    @property
    def threads(self) -> int:
        """How many tasks the cluster runs at once: the lanes of a cluster run."""
        return sum(worker.threads for worker in self.workers)

    def describe(self) -> str:
        """E.g. 'Dask 127.0.0.1:8786 · 2 workers, 1 host', as the runtime line says (short:
        it shares the top of a 1024-pixel projector with the mode's name)."""
        scheduler = self.scheduler.removeprefix("tcp://")
        workers = counted(len(self.workers), "worker")
        return f"Dask {scheduler} · {workers}, {counted(len(self.hosts), 'host')}"


def counted(number: int, noun: str) -> str:
    """'1 worker', '2 workers'."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


@dataclass(frozen=True, slots=True)
class HostCores:
    """Per-core load of a worker machine other than this one, read by psutil on one of its
    workers. `taken_at_s` is the app machine's time.monotonic() when the reading arrived."""

    host: str
    per_core_pct: tuple[float, ...]
    taken_at_s: float


@dataclass(frozen=True, slots=True)
class ChunkRerun:
    """Dask runs a task again elsewhere: the worker that had it left mid-run. A task is
    `chunks` consecutive chunks from `first_chunk`."""

    run_id: int
    first_chunk: int
    chunks: int
    worker: str

    def describe(self) -> str:
        last = self.first_chunk + self.chunks - 1
        which = f"chunk {last}" if self.chunks == 1 else f"chunks {self.first_chunk}–{last}"
        them = "it" if self.chunks == 1 else "them"
        return f"{which} re-run elsewhere: worker {self.worker} left before finishing {them}"


@dataclass(frozen=True, slots=True)
class ClusterLost:
    """The cluster could not be started or reached, or its scheduler went away."""

    reason: str


@dataclass(frozen=True, slots=True)
class ScaleCluster:
    """Command: have the embedded cluster run this many single-threaded workers."""

    workers: int


ClusterEvent = ClusterView | HostCores | ChunkRerun | ClusterLost
