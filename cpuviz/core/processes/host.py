"""The code that runs inside a worker host process.

A host is a long-lived child process that waits for an Assignment and runs its workers.
Process mode uses one host per worker, every other mode one host for all workers: the same code,
so what differs between the modes is only how many interpreters (and GILs) share the work.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import sys
import threading
import time
from functools import partial
from multiprocessing.connection import Connection
from queue import Queue

from cpuviz.core.processes.results_collector import ship_to
from cpuviz.core.processes.worker import start_workers, watching_the_gil
from cpuviz.core.runs.messages import (
    Assignment,
    Cancel,
    HostReady,
    LoadCode,
    Prepared,
    SetSwitchInterval,
    Shutdown,
)
from cpuviz.core.runs.plan import ITERATIONS_PER_CHUNK, Mode
from cpuviz.core.system.orphans import exit_with_parent, next_command
from cpuviz.core.system.priority import lower_priority
from cpuviz.core.work.calibration import probe_chunk_seconds
from cpuviz.core.work.user_code import load_function


def host_main(host: int, commands: Connection, events: Queue, results_address: str) -> None:
    """Serve assignments until told to shut down or until the app that owns us disappears.
    In process mode, every chunk's result goes to the collector at `results_address`.

    The app holds the only other end of `commands`; when it dies (even by SIGKILL) the pipe
    reports EOF and the host exits, and exit_with_parent() ends it even mid-computation.
    """
    up_at_s = time.monotonic()
    exit_with_parent()
    lower_priority()
    probe = None
    if host == 0:
        probe = probe_chunk_seconds(ITERATIONS_PER_CHUNK)
        _give_back_memory()
    commands.send(HostReady(host, os.getpid(), probe, up_at_s))
    cancel_current = threading.Event()
    results: Connection | None = None  # to the collector, anew for each processes run
    gil_switched_on_by: str | None = None  # by the user's file, on a free-threaded Python
    while True:
        match command := next_command(commands):
            case Assignment():
                cancel_current = threading.Event()
                if command.mode is Mode.PROCESSES:
                    # Anew each run: a collector started again (it died) has lost the last one.
                    if results is not None:
                        results.close()
                    results = ship_to(results_address)
                start_workers(command, cancel_current, events, results, gil_switched_on_by)
            case Cancel():
                cancel_current.set()
            case SetSwitchInterval(interval=interval):
                sys.setswitchinterval(interval.seconds)
            case LoadCode(code=code):
                # A failure is not lost: the run's workers import it again, and say why.
                with contextlib.suppress(Exception):
                    gil_switched_on_by = watching_the_gil(partial(load_function, code))
                commands.send(Prepared(host))
            case Shutdown():
                # Straight out, not through interpreter finalization, which would wait for (or
                # trip over) worker threads still inside a chunk or a subinterpreter.
                cancel_current.set()
                os._exit(0)


def _give_back_memory() -> None:
    """Return to the system what the probe's 4 MiB data chunks left in the heap (~8 MB of
    an idle host): glibc keeps freed blocks of that size for reuse unless asked."""
    with contextlib.suppress(AttributeError, OSError, TypeError):  # glibc only (TypeError: Windows)
        ctypes.CDLL(None).malloc_trim(0)
