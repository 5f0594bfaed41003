"""What runs on the Dask workers: a task's chunks of work, and readings of the machine.

Dask pickles these functions by reference, so cpuviz must be installed where the workers run
(README, "More than one machine"). The module imports no Dask at the top: the app's own
processes import it too.
"""

from __future__ import annotations

import importlib
import os
import signal
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import psutil

from cpuviz.core.runs.events import InjectedFaultError
from cpuviz.core.runs.messages import Fault
from cpuviz.core.system.priority import lower_priority
from cpuviz.core.work import user_code
from cpuviz.core.work.user_code import UserCode
from cpuviz.core.work.workloads import Workload

# A Dask task costs a few ms of scheduling and messages beyond its work (measured on 2 cores,
# 2 workers: 20 ms tasks ran 1.4× serial, 50 ms 1.6×, 100 ms 1.7×). Built-in chunks take ~10-20
# ms, so a task computes enough consecutive chunks to last about this long: the same chunks,
# and so the same results, as every mode.
TASK_S = 0.1


def chunks_per_task(chunk_s: float | None) -> int:
    """Chunks of `chunk_s` seconds each (host 0's probe) that make a task of about TASK_S."""
    return max(1, round(TASK_S / chunk_s)) if chunk_s else 1


@dataclass(frozen=True, slots=True)
class TaskDone:
    """A task's chunk results (shipped back as a pool's would be), the CPU time it took on its
    worker's thread, and which worker ran it."""

    results: tuple[object, ...]
    cpu_s: float
    worker: str


def run_task(
    workload: Workload,
    iterations: int,
    first_chunk: int,
    chunks: int,
    code: UserCode | None,
    *,
    fault: Fault = Fault.NONE,
    fault_name: str = "",
) -> TaskDone:
    """Chunks first_chunk … first_chunk + chunks − 1, on the Dask worker that calls it."""
    from distributed import get_worker  # noqa: PLC0415 - only ever called on a Dask worker

    if fault is not Fault.NONE:
        _suffer_once(fault, fault_name)
    kernel = _user_kernel(code) if code is not None else workload.kernel(iterations)
    started_s = time.thread_time()
    results = tuple(kernel(index) for index in range(first_chunk, first_chunk + chunks))
    return TaskDone(results, time.thread_time() - started_s, get_worker().address)


def welcome(own_cluster: bool) -> None:
    """Run on each worker as it joins: importing this module (and so the workloads) now keeps
    that out of the first run. The app's own cluster's workers also go to the lowest
    priority, as its hosts do, since the window paints on the same cores; a user's cluster is
    left as its owner started it."""
    if own_cluster:
        lower_priority()


def _suffer_once(fault: Fault, name: str) -> None:
    """--fault in cluster mode: the run's first task fails, once. Killed (kill9), its worker is
    gone and Dask runs the task again elsewhere, where it must not kill again: a Dask Event,
    kept by the scheduler, says it has happened."""
    from distributed import Event  # noqa: PLC0415 - only ever called on a Dask worker

    happened = Event(name)
    if happened.is_set():
        return
    happened.set()
    if fault is Fault.KILL9:
        os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))
    raise InjectedFaultError("this worker was asked to fail (--fault raise)")


def import_code(code: UserCode) -> None:
    """Import the user's file on this worker ahead of a run, so the run is not charged for it."""
    _user_kernel(code)


def _user_kernel(code: UserCode) -> Callable[[int], object]:
    """The user's function: from its path where the file is (this machine, a shared home
    folder), else as the module Client.upload_file() put on this worker."""
    if Path(code.path).exists():
        return user_code.kernel(code)
    module = importlib.import_module(Path(code.path).stem)
    return getattr(module, code.function)


@dataclass(frozen=True, slots=True)
class MachineReading:
    """Which machine a worker runs on: `machine` tells machines apart (two with one host name,
    or one machine's workers under different names), `name` is what the room reads."""

    machine: str
    name: str
    cores: int


def machine_identity() -> str:
    """The same string on every process of one machine (until it reboots), different on
    every other machine."""
    return f"{socket.gethostname()}/{int(psutil.boot_time())}"


def read_machine() -> MachineReading:
    return MachineReading(machine_identity(), socket.gethostname(), psutil.cpu_count() or 1)


def read_cores() -> tuple[float, ...]:
    """This machine's per-core load since the previous call from this process."""
    return tuple(psutil.cpu_percent(percpu=True))
