"""The few names that a worker, the app's side of the workers and the cluster driver all need.

They live here, below every room that runs work, so that the GIL readers, the run tracker and
the cluster driver can name a worker thread, a dead worker or a progress interval without
importing the worker or the pool, and so without loading multiprocessing where it is not used.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from queue import Queue

from cpuviz.core.runs.cluster_messages import ClusterEvent
from cpuviz.core.runs.messages import RunEvent

# At most 10 progress messages a second per worker: a Manager queue put costs ~44 µs here.
PROGRESS_INTERVAL_S = 0.1
# What each worker thread is called in /proc/PID/task/TID/comm, so a reader outside can find it.
WORKER_THREAD_NAME = "cpuviz-worker"


class InjectedFaultError(RuntimeError):
    """Raised by a worker asked to fail, so a demo (or a test) can show how failures look."""


@dataclass(frozen=True, slots=True)
class DeadWorker:
    """A host that exited while it should have been working, and the workers it took along."""

    worker_ids: tuple[int, ...]
    pid: int | None
    exitcode: int


def send_event(events: Queue, event: RunEvent | ClusterEvent) -> None:
    """Send an event; if the app's queue is gone the app is gone, so this host goes too."""
    try:
        events.put(event)
    except (EOFError, OSError):
        os._exit(0)
