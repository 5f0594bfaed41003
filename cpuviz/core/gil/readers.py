"""Reading, from outside the worker processes, which of their threads are running now.

Two readers with one interface (`read()` → {(pid, tid): running}, `close()`), so the GIL trace
does not care which it is fed by:

- ThreadStates (Linux): the kernel's state of each thread in /proc/PID/task/TID/stat, R for
  running, S for asleep. A thread waiting for the GIL sleeps on it, so a reading every
  millisecond shows the baton passing. (Their run clocks in /proc/…/schedstat would say the
  same, but the kernel brings a running thread's clock up to date only every few ms.) A
  reading costs a system call a thread, so the reader reads less often where a reading costs
  more (many threads, a slow machine): watching stays within READ_BUDGET of a core.
- ThreadClocks (macOS, Windows, anywhere without /proc): psutil's per-thread CPU times; a thread
  ran if its time grew since the last reading. These clocks tick coarsely (10 ms on Linux,
  about 15.6 ms on Windows), so they are read every SLOW_SLOT_S: turns shorter than that look
  like threads running together, and slow motion (a longer switch interval) shows them.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import psutil

from cpuviz.core.runs.events import WORKER_THREAD_NAME

Thread = tuple[int, int]  # (pid, tid)
SLOT_S = 0.001  # ThreadStates: a reading every millisecond
SLOW_SLOT_S = 0.02  # ThreadClocks: finer than the clocks tick shows nothing more
# How often each process's list of threads is read again (threads come and go rarely; their
# states are read every slot). A worker names its thread a moment after it starts, so a
# thread found not to be one is asked again at the next look too.
RESCAN_S = 0.05
# The share of a core the reading thread may take, measured on its own CPU clock: two threads
# are read every millisecond, sixteen (on a machine they keep busy) about every four ms.
READ_BUDGET = 0.025
BUDGET_READINGS = 64  # the readings each measurement of their cost spans
# A thread of a program cpuviz did not write is a lane once seen running in this many
# readings: a main thread that only started the others and waits in join() never becomes one.
CONTENDER_READINGS = 50


class ThreadReader(Protocol):
    """Which worker threads of some processes run, read every `slot_s` (which may change from
    one reading to the next); what the readings can tell apart is `resolution_s`."""

    @property
    def slot_s(self) -> float: ...

    @property
    def resolution_s(self) -> float: ...

    def read(self) -> dict[Thread, bool]: ...

    def close(self) -> None: ...


def thread_states_available() -> bool:
    """Linux's /proc, where a thread's state can be read from another process."""
    return Path(f"/proc/{os.getpid()}/task/{threading.get_native_id()}/stat").exists()


def thread_reader(pids: Sequence[int]) -> ThreadReader:
    """The finest reader this system offers."""
    return ThreadStates(pids) if thread_states_available() else ThreadClocks(pids)


class ReadingBudget:
    """How long to wait between readings so that they cost at most `share` of a core, from
    the reading thread's own CPU clock over the last BUDGET_READINGS readings (the wake-up,
    the reading and what is done with it): fewer readings where each costs more."""

    def __init__(self, fastest_s: float, slowest_s: float, share: float = READ_BUDGET) -> None:
        self.slot_s = fastest_s
        self._fastest_s, self._slowest_s, self._share = fastest_s, slowest_s, share
        self._readings = 0
        self._cpu_at_s: float | None = None

    def count(self) -> None:
        """One more reading; called from the reading thread."""
        self._readings += 1
        if self._readings < BUDGET_READINGS and self._cpu_at_s is not None:
            return
        cpu_s = time.thread_time()
        if self._cpu_at_s is not None:
            each_s = (cpu_s - self._cpu_at_s) / self._readings
            self.slot_s = min(self._slowest_s, max(self._fastest_s, each_s / self._share))
        self._cpu_at_s, self._readings = cpu_s, 0


class ThreadStates:
    """Whether each worker thread of some processes runs, now. A host's other threads (its
    main thread waiting for commands, its watchdog) are left out: workers name their threads
    for the kernel. With `every_thread` (a program cpuviz did not write, whose threads have no
    such name) every thread is read, and one counts once it has run for CONTENDER_READINGS.
    Threads are found anew as they come and go."""

    def __init__(
        self,
        pids: Sequence[int],
        *,
        every_thread: bool = False,
        budget: ReadingBudget | None = None,
    ) -> None:
        self.pids = tuple(pids)
        self._every_thread = every_thread
        self._budget = budget or ReadingBudget(SLOT_S, SLOW_SLOT_S)
        self._files: dict[Thread, int] = {}  # an open descriptor of each worker's stat
        self._runs: dict[Thread, int] = {}  # with every_thread: readings seen running
        self._scanned_at_s = float("-inf")

    @property
    def slot_s(self) -> float:
        return self._budget.slot_s

    @property
    def resolution_s(self) -> float:
        return self._budget.slot_s

    def read(self) -> dict[Thread, bool]:
        """(pid, tid) -> whether the thread is running (or ready to), for every worker now."""
        self._budget.count()
        now_s = time.monotonic()
        if now_s - self._scanned_at_s >= RESCAN_S:
            self._scanned_at_s = now_s
            self._scan()
        states, ended = {}, []
        for thread, descriptor in self._files.items():
            try:
                stat = os.pread(descriptor, 512, 0)
                states[thread] = stat[stat.rindex(b")") + 2] == ord("R")  # the state follows
            except (OSError, ValueError):  # the thread has ended
                ended.append(thread)
        for thread in ended:
            os.close(self._files.pop(thread))
        return self._contenders(states) if self._every_thread else states

    def _contenders(self, states: dict[Thread, bool]) -> dict[Thread, bool]:
        for thread, running in states.items():
            self._runs[thread] = self._runs.get(thread, 0) + running
        return {
            thread: running
            for thread, running in states.items()
            if self._runs[thread] >= CONTENDER_READINGS
        }

    def _scan(self) -> None:
        """Open the state of each worker thread not yet known."""
        for pid in self.pids:
            with contextlib.suppress(OSError):
                for entry in os.scandir(f"/proc/{pid}/task"):
                    thread = (pid, int(entry.name))
                    if thread not in self._files:
                        with contextlib.suppress(OSError):
                            self._open(thread)

    def _open(self, thread: Thread) -> None:
        pid, tid = thread
        task = f"/proc/{pid}/task/{tid}"
        if self._every_thread or Path(f"{task}/comm").read_text().strip() == WORKER_THREAD_NAME:
            self._files[thread] = os.open(f"{task}/stat", os.O_RDONLY)

    def close(self) -> None:
        for descriptor in self._files.values():
            with contextlib.suppress(OSError):
                os.close(descriptor)
        self._files.clear()


class ThreadClocks:
    """Whether each thread's CPU time grew since the last reading, from psutil, which reads
    per-thread times on Linux, macOS and Windows alike. Thread names are not to be had
    everywhere, so a thread counts as a worker once it has used CPU during the watch: a host's
    main thread and watchdog sleep through a run, and never appear."""

    slot_s = SLOW_SLOT_S

    def __init__(self, pids: Sequence[int]) -> None:
        self._processes = []
        for pid in pids:
            with contextlib.suppress(psutil.Error):  # a host that has just ended: not watched
                self._processes.append(psutil.Process(pid))
        self._cpu_s: dict[Thread, float] = {}
        self._workers: dict[Thread, None] = {}  # threads seen running, in that order
        self.finest_step_s = float("inf")  # the smallest growth seen: the clocks' tick

    @property
    def resolution_s(self) -> float:
        """The readings' spacing, or the clocks' tick where that is coarser."""
        tick_s = self.finest_step_s if self.finest_step_s < 1 else 0.0  # inf: none seen yet
        return max(self.slot_s, tick_s)

    def read(self) -> dict[Thread, bool]:
        states: dict[Thread, bool] = {}
        for process in self._processes:
            with contextlib.suppress(psutil.Error):
                for thread in process.threads():
                    key = (process.pid, thread.id)
                    cpu_s = thread.user_time + thread.system_time
                    step_s = cpu_s - self._cpu_s.get(key, cpu_s)
                    self._cpu_s[key] = cpu_s
                    if step_s > 0:
                        self._workers[key] = None
                        self.finest_step_s = min(self.finest_step_s, step_s)
                    if key in self._workers:
                        states[key] = step_s > 0
        return states

    def close(self) -> None:
        self._processes.clear()
