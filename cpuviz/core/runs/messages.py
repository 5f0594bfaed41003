"""Small frozen dataclasses that cross process boundaries.

Commands go from the app to one host over that host's pipe; events come back from every worker
thread over the shared Manager queue. Keeping them tiny keeps each pickle and queue hop cheap.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from cpuviz.core.runs.plan import Mode
from cpuviz.core.runs.switch_interval import SwitchInterval
from cpuviz.core.work.user_code import UserCode
from cpuviz.core.work.workloads import Workload


class Fault(StrEnum):
    """A failure a run can be asked to suffer, to show (and test) how the app copes."""

    NONE = "none"
    RAISE = "raise"
    KILL9 = "kill9"


# --- commands: app -> one host ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Assignment:
    """Run these workers in this host, in `mode`. Worker w does chunks w, w+W, w+2W, …"""

    run_id: int
    worker_ids: tuple[int, ...]
    worker_count: int
    chunks: int
    iterations_per_chunk: int
    mode: Mode = Mode.THREADS
    workload: Workload = Workload.CPU
    fault: Fault = Fault.NONE
    # time.monotonic() when a timed run ends (one clock for every process of the machine).
    deadline_s: float | None = None
    code: UserCode | None = None  # the user's function, in place of the workload's kernel
    chunks_per_task: int = 1  # cluster mode: consecutive chunks one Dask task computes


@dataclass(frozen=True, slots=True)
class Cancel:
    run_id: int


@dataclass(frozen=True, slots=True)
class SetSwitchInterval:
    """How long a worker thread may hold the GIL before offering it (sys.setswitchinterval):
    Python's 5 ms, or slow motion for a lecture hall."""

    interval: SwitchInterval


@dataclass(frozen=True, slots=True)
class LoadCode:
    """Import the user's file now, before the run's clock starts: a heavy import (numpy
    takes ~0.3 s) would otherwise be charged to whichever run a host takes part in first."""

    code: UserCode


@dataclass(frozen=True, slots=True)
class Shutdown:
    pass


# --- events: host -> app ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HostReady:
    """A host is up. Host 0 also says how long a chunk of each workload takes serially here,
    so that "≈ 15 s of serial work" can be made into chunks."""

    host: int
    pid: int
    serial_chunk_s: dict[Workload, float] | None = None
    # time.monotonic() once the host had imported everything and could take work: against
    # when it was started, how long starting a worker process takes.
    up_at_s: float = 0.0


@dataclass(frozen=True, slots=True)
class Prepared:
    """A host did what was asked before the next run: imported the user's file (or failed
    to: its workers then say why), or (the cluster driver) scaled the cluster."""

    host: int


@dataclass(frozen=True, slots=True)
class Progress:
    """Chunks one worker has finished so far; sent at most every PROGRESS_INTERVAL_S.

    `cpu_s` is the CPU time this worker has had so far, by its thread's own CPU clock, and
    `at_s` is time.monotonic() when it said so: two of these make one stretch of the timeline.
    """

    run_id: int
    worker: int
    chunks_done: int
    cpu_s: float = 0.0
    at_s: float = 0.0


@dataclass(frozen=True, slots=True)
class WorkerFinished:
    """A worker ran out of chunks (or was cancelled). `finished_at_s` is time.monotonic()."""

    run_id: int
    worker: int
    chunks_done: int
    checksum: int
    cpu_s: float
    finished_at_s: float
    cancelled: bool
    # Process mode: seconds spent pickling results and pushing them to the app.
    transfer_s: float = 0.0


@dataclass(frozen=True, slots=True)
class WorkerFailed:
    run_id: int
    worker: int
    error: str


RunEvent = Progress | WorkerFinished | WorkerFailed
