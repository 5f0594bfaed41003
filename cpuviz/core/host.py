"""The code that runs inside a worker host process.

A host is a long-lived child process that waits for an Assignment and runs its workers as
threads. Process mode uses one host per worker, thread mode one host for all workers: the same
code, so the only thing that differs between the modes is how many interpreters (and GILs) share
the work.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from multiprocessing.connection import Connection
from queue import Queue

from cpuviz.core.messages import (
    Assignment,
    Cancel,
    Fault,
    HostReady,
    Progress,
    RunEvent,
    Shutdown,
    WorkerFailed,
    WorkerFinished,
)
from cpuviz.core.orphans import exit_with_parent
from cpuviz.core.workloads import combine, cpu_chunk

# At most 10 progress messages a second per worker: a Manager queue put costs ~44 µs here.
PROGRESS_INTERVAL_S = 0.1
# Where SCHED_IDLE is missing: workers still yield to the window when it wakes to paint.
WORKER_NICENESS = 10


class InjectedFaultError(RuntimeError):
    """Raised by a worker asked to fail, so a demo (or a test) can show how failures look."""


def host_main(host: int, commands: Connection, events: Queue) -> None:
    """Serve assignments until told to shut down or until the app that owns us disappears.

    The app holds the only other end of `commands`; when it dies (even by SIGKILL) the pipe
    reports EOF and the host exits, and exit_with_parent() ends it even mid-computation.
    """
    exit_with_parent()
    _lower_priority()
    commands.send(HostReady(host, os.getpid()))
    cancel_current = threading.Event()
    while True:
        try:
            command = commands.recv()
        except (EOFError, OSError):
            os._exit(0)
        match command:
            case Assignment():
                cancel_current = threading.Event()
                for worker in command.worker_ids:
                    threading.Thread(
                        target=run_worker,
                        args=(command, worker, cancel_current, events),
                        name=f"cpuviz-worker-{worker}",
                        daemon=True,
                    ).start()
            case Cancel():
                cancel_current.set()
            case Shutdown():
                cancel_current.set()
                return


def run_worker(assignment: Assignment, worker: int, cancel: threading.Event, events: Queue) -> None:
    """Compute this worker's share of the chunks and report how it went."""
    checksum = 0
    chunks_done = 0
    cpu_start_s = time.thread_time()
    last_report_s = time.monotonic()
    try:
        for chunk_index in range(worker, assignment.chunks, assignment.worker_count):
            if cancel.is_set():
                break
            if worker == 0 and assignment.fault is not Fault.NONE:
                _suffer(assignment.fault)
            checksum = combine(checksum, cpu_chunk(chunk_index, assignment.iterations_per_chunk))
            chunks_done += 1
            now_s = time.monotonic()
            if now_s - last_report_s >= PROGRESS_INTERVAL_S:
                _report(events, Progress(assignment.run_id, worker, chunks_done))
                last_report_s = now_s
    except Exception as error:  # noqa: BLE001 - any failure must reach the user, not vanish
        _report(events, WorkerFailed(assignment.run_id, worker, f"{type(error).__name__}: {error}"))
        return
    _report(
        events,
        WorkerFinished(
            run_id=assignment.run_id,
            worker=worker,
            chunks_done=chunks_done,
            checksum=checksum,
            cpu_s=time.thread_time() - cpu_start_s,
            finished_at_s=time.monotonic(),
            cancelled=cancel.is_set(),
        ),
    )


def _lower_priority() -> None:
    """Run only on CPU time nothing else wants (Linux SCHED_IDLE), else at a low priority.

    Without this, the window (and the X server drawing it) wait behind a busy worker's time
    slice for a few milliseconds now and then: the stutter the frame probe measures.
    """
    with contextlib.suppress(AttributeError, OSError):  # Linux only
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
        return
    with contextlib.suppress(AttributeError, OSError):  # Unix only
        os.nice(WORKER_NICENESS)


def _suffer(fault: Fault) -> None:
    if fault is Fault.KILL9:
        os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))
    raise InjectedFaultError("this worker was asked to fail (--fault raise)")


def _report(events: Queue, event: RunEvent) -> None:
    """Send an event; if the app's queue is gone the app is gone, so this host goes too."""
    try:
        events.put(event)
    except (EOFError, OSError):
        os._exit(0)
