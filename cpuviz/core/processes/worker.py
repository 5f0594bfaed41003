"""One worker's share of a run, however it runs: a thread, an asyncio task or a subinterpreter.

The bookkeeping (which chunks, cancelling, progress, the final report) lives in WorkerReport,
so each way of running workers is a short loop and they all report exactly alike.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import os
import pickle
import signal
import sys
import sysconfig
import threading
import time
import warnings
from collections.abc import Callable, Coroutine, Generator, Iterator
from functools import partial
from multiprocessing.connection import Connection
from queue import Queue
from types import TracebackType
from typing import Any

from cpuviz.core.runs.events import (
    PROGRESS_INTERVAL_S,
    WORKER_THREAD_NAME,
    InjectedFaultError,
    send_event,
)
from cpuviz.core.runs.messages import (
    Assignment,
    Fault,
    Progress,
    WorkerFailed,
    WorkerFinished,
)
from cpuviz.core.runs.plan import Mode
from cpuviz.core.work import user_code
from cpuviz.core.work.subinterpreters import SubinterpreterPool
from cpuviz.core.work.workloads import combine, io_reply_checksum, io_wait_s

# Linux's prctl(2) option that names the calling thread, as /proc/PID/task/TID/comm shows it.
PR_SET_NAME = 15
# Results cross to the window's Python, which may be older than the workers': protocol 5 is
# read by every Python the workers run on (3.8+) and is the highest any of them writes yet.
RESULTS_PICKLE_PROTOCOL = 5
# This host's subinterpreters, kept between runs (interpreters mode only).
SUBINTERPRETERS = SubinterpreterPool()
# What free-threaded CPython says when importing an extension turns the GIL back on.
GIL_BACK_ON = "The global interpreter lock (GIL) has been enabled"


class GilEnabledError(RuntimeError):
    """A free-threaded run on a Python whose GIL is on: the run would only show threads."""


def watching_the_gil(load: Callable[[], object]) -> str | None:
    """Run `load` (importing the user's file); the warning that said it turned the GIL back
    on, if it did, naming the module that needed it."""
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always", RuntimeWarning)
        load()
    return next((str(w.message) for w in said if str(w.message).startswith(GIL_BACK_ON)), None)


def check_gil_off(switched_on_by: str | None) -> None:
    """Free-threaded mode only runs with the GIL off; the worker asks its own interpreter
    (an extension may have switched the GIL on since the probe) and says why not."""
    is_gil_enabled = getattr(sys, "_is_gil_enabled", None)  # 3.13+
    if is_gil_enabled is None or not sysconfig.get_config_var("Py_GIL_DISABLED"):
        raise GilEnabledError("the workers' Python is not a free-threaded build: it has a GIL")
    if is_gil_enabled():
        raise GilEnabledError(
            "the GIL is on in the workers' Python: "
            + (switched_on_by or "PYTHON_GIL=1, or an extension imported at start, needs it")
        )


class WorkerReport:
    """Counts one worker's chunks and tells the app: progress now and then, then the outcome.

    Used as a context manager: leaving it normally sends WorkerFinished, leaving it with an
    exception sends WorkerFailed (and swallows the exception, which has been reported).
    """

    def __init__(
        self,
        assignment: Assignment,
        worker: int,
        cancel: threading.Event,
        events: Queue,
        results: Connection | None = None,
    ) -> None:
        self._assignment = assignment
        self._results = results  # process mode: where each result goes, as a pool would send it
        self.transfer_s = 0.0
        self._worker = worker
        self._cancel = cancel
        self._events = events
        self.checksum = 0
        self.chunks_done = 0
        self.cpu_s = 0.0
        self._last_report_s = time.monotonic()

    def chunk_indices(self) -> Iterator[int]:
        """Worker w does chunks w, w+W, w+2W, …, until they run out, the run's time is up or
        it is cancelled."""
        assignment = self._assignment
        deadline_s = assignment.deadline_s
        for chunk_index in range(self._worker, assignment.chunks, assignment.worker_count):
            if self._cancel.is_set() or (deadline_s is not None and time.monotonic() >= deadline_s):
                return
            if self._worker == 0 and assignment.fault is not Fault.NONE:
                _suffer(assignment.fault)
            yield chunk_index

    def run_chunk(self, kernel: Callable[[int], object], chunk_index: int) -> None:
        """Compute one chunk, counting only the CPU time this thread spent on it.

        time.thread_time() is the kernel's per-thread CPU clock (what psutil's per-thread
        times read too, but in nanoseconds rather than 10 ms ticks). A thread waiting for the
        GIL sleeps and gains nothing on it: that is how the timeline shows threads sharing one
        core. Around the chunk only, so an asyncio task is charged for its own compute alone.
        """
        cpu_start_s = time.thread_time()
        chunk_checksum = self._settle(kernel(chunk_index))
        self.count_chunk(chunk_checksum, time.thread_time() - cpu_start_s)

    def _settle(self, value: object) -> int:
        """The result's checksum; in process mode, after shipping the result to the app, as
        a process pool must (threads leave it in memory the program shares)."""
        if self._results is None:
            return user_code.result_digest(value)
        started_s = time.perf_counter()
        pickled = pickle.dumps(value, protocol=RESULTS_PICKLE_PROTOCOL)
        self._results.send_bytes(pickled)
        self.transfer_s += time.perf_counter() - started_s
        return user_code.result_digest(value, pickled)

    def count_chunk(self, chunk_checksum: int, cpu_s: float) -> None:
        """One chunk done, with the CPU time it took; progress goes out now and then."""
        self.checksum = combine(self.checksum, chunk_checksum)
        self.cpu_s += cpu_s
        self.chunks_done += 1
        now_s = time.monotonic()
        if now_s - self._last_report_s >= PROGRESS_INTERVAL_S:
            progress = Progress(
                self._assignment.run_id, self._worker, self.chunks_done, self.cpu_s, now_s
            )
            send_event(self._events, progress)
            self._last_report_s = now_s

    def __enter__(self) -> WorkerReport:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> bool:
        run_id, worker = self._assignment.run_id, self._worker
        if isinstance(error, Exception):  # any failure must reach the user, not vanish
            failure = user_code.failure_line(error, traceback, self._assignment.code)
            send_event(self._events, WorkerFailed(run_id, worker, failure))
            return True
        if error is None:
            send_event(
                self._events,
                WorkerFinished(
                    run_id=run_id,
                    worker=worker,
                    chunks_done=self.chunks_done,
                    checksum=self.checksum,
                    cpu_s=self.cpu_s,
                    finished_at_s=time.monotonic(),
                    cancelled=self._cancel.is_set(),
                    transfer_s=self.transfer_s,
                ),
            )
        return False


def start_workers(
    assignment: Assignment,
    cancel: threading.Event,
    events: Queue,
    results: Connection | None = None,
    gil_switched_on_by: str | None = None,
) -> None:
    """Start this host's workers in the assignment's mode and return at once. In process
    mode the worker ships its results on `results`; `gil_switched_on_by` is what importing the
    user's file said when it turned the GIL back on (see watching_the_gil)."""
    if assignment.mode is Mode.ASYNCIO:
        targets = [partial(_run_tasks, assignment, cancel, events)]
    else:
        ship = results if assignment.mode is Mode.PROCESSES else None
        targets = [
            partial(
                _run_thread,
                assignment,
                worker,
                cancel,
                events,
                ship,
                gil_switched_on_by=gil_switched_on_by,
            )
            for worker in assignment.worker_ids
        ]
    for number, target in enumerate(targets):
        named = partial(as_worker_thread, target)
        threading.Thread(target=named, name=f"cpuviz-worker-{number}", daemon=True).start()


def as_worker_thread(target: Callable[[], None]) -> None:
    """Run `target` on a thread the kernel knows as a worker (Linux: its `comm` is
    WORKER_THREAD_NAME), so the GIL page can tell it from a host's other threads from
    outside the process. Elsewhere the name is Python's alone, and nothing changes."""
    # TypeError: Windows's CDLL needs a library's name; AttributeError: no prctl (macOS).
    with contextlib.suppress(AttributeError, OSError, TypeError):
        ctypes.CDLL(None).prctl(PR_SET_NAME, WORKER_THREAD_NAME.encode(), 0, 0, 0)
    target()


def _run_thread(
    assignment: Assignment,
    worker: int,
    cancel: threading.Event,
    events: Queue,
    results: Connection | None,
    *,
    gil_switched_on_by: str | None = None,
) -> None:
    """A thread (or, in interpreters mode, a thread driving a subinterpreter of its own)."""
    with (
        WorkerReport(assignment, worker, cancel, events, results) as report,
        _kernel(assignment) as kernel,
    ):
        if assignment.mode is Mode.FREE_THREADED:
            check_gil_off(gil_switched_on_by)
        for chunk_index in report.chunk_indices():
            report.run_chunk(kernel, chunk_index)


def _kernel(
    assignment: Assignment,
) -> contextlib.AbstractContextManager[Callable[[int], object]]:
    """chunk index → the chunk's result: a built-in kernel's checksum, or what the user's
    function returned."""
    code = assignment.code
    if assignment.mode is Mode.INTERPRETERS:
        return SUBINTERPRETERS.kernel(assignment.workload, assignment.iterations_per_chunk, code)
    if code is not None:
        return contextlib.nullcontext(user_code.kernel(code))
    return contextlib.nullcontext(assignment.workload.kernel(assignment.iterations_per_chunk))


def _run_tasks(assignment: Assignment, cancel: threading.Event, events: Queue) -> None:
    """All workers as asyncio tasks on this one thread: they overlap only while they wait."""

    async def run_all() -> None:
        await asyncio.gather(
            *(_run_task(assignment, worker, cancel, events) for worker in assignment.worker_ids)
        )

    asyncio.run(run_all())


async def _run_task(
    assignment: Assignment, worker: int, cancel: threading.Event, events: Queue
) -> None:
    if assignment.code is not None:
        await _run_code_task(assignment, assignment.code, worker, cancel, events)
        return
    iterations = assignment.iterations_per_chunk
    waits = assignment.workload.waits
    # Work that never waits runs whole between awaits: asyncio cannot overlap it with anything.
    compute = (
        partial(io_reply_checksum, iterations=iterations)
        if waits
        else assignment.workload.kernel(iterations)
    )
    with WorkerReport(assignment, worker, cancel, events) as report:
        for chunk_index in report.chunk_indices():
            await asyncio.sleep(io_wait_s(iterations) if waits else 0)
            report.run_chunk(compute, chunk_index)


async def _run_code_task(
    assignment: Assignment,
    code: user_code.UserCode,
    worker: int,
    cancel: threading.Event,
    events: Queue,
) -> None:
    """The user's async function, a chunk at a time; tasks overlap wherever it awaits."""
    with WorkerReport(assignment, worker, cancel, events) as report:
        for chunk_index in report.chunk_indices():
            timed = _CpuTimed(user_code.run_async(code, chunk_index))
            chunk_checksum = await timed
            report.count_chunk(chunk_checksum, timed.cpu_s)


class _CpuTimed:
    """Awaits a coroutine, adding up the CPU time of its own steps only: the time between
    them belongs to the other tasks on the loop."""

    def __init__(self, coroutine: Coroutine[Any, Any, int]) -> None:
        self._coroutine = coroutine
        self.cpu_s = 0.0

    def __await__(self) -> Generator[Any, Any, int]:
        sent: Any = None
        thrown: BaseException | None = None
        while True:
            started_s = time.thread_time()
            try:
                if thrown is None:
                    waiting_on = self._coroutine.send(sent)
                else:
                    waiting_on = self._coroutine.throw(thrown)
            except StopIteration as done:
                self.cpu_s += time.thread_time() - started_s
                return done.value
            self.cpu_s += time.thread_time() - started_s
            try:
                sent, thrown = (yield waiting_on), None
            except BaseException as error:  # noqa: BLE001 - handed on to the coroutine
                sent, thrown = None, error


def _suffer(fault: Fault) -> None:
    if fault is Fault.KILL9:
        os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))
    raise InjectedFaultError("this worker was asked to fail (--fault raise)")
