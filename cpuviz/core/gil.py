"""Who holds the GIL, millisecond by millisecond, read from outside the worker processes.

The kernel says of every thread whether it is running (state R) or asleep (S) in
/proc/PID/task/TID/stat. A thread waiting for the GIL sleeps on it, so reading every worker
thread's state about every millisecond shows, slot by slot, which threads ran: CPU-bound
threads of one process take turns (the baton passing every switch interval, 5 ms by default),
C code that releases the GIL runs side by side, and each process runs on its own. Nothing is
asked of the workers, so watching costs their GIL nothing. (The threads' run clocks in
/proc/…/schedstat would say the same, but the kernel brings a running thread's clock up to
date only every few milliseconds.)

From the slots, three figures, counted per process (threads of different processes never
share a GIL), each slot weighted by how long it lasted:
- hand-offs a second: how often the one thread that ran changed;
- waiting: the share of the threads' time in which a thread slept while another thread of its
  process ran, which is what the GIL makes threads do (threads that all sleep, on I/O say,
  are not waiting for it);
- overlap: the share of the time some thread ran in which two or more ran at once, in three
  readings running: at a hand-off the thread giving the GIL up and the one taking it both
  show as running for a moment, and that moment is the hand-off, not threads side by side.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from cpuviz.core.plan import Mode
from cpuviz.core.worker import WORKER_THREAD_NAME

SLOT_S = 0.001
HISTORY_SLOTS = 600  # 0.6 s of slots on screen
MAX_THREADS_SHOWN = 16
# How often each process's list of threads is read again (threads come and go rarely; their
# states are read every slot). A worker names its thread a moment after it starts, so a
# thread found not to be one is asked again at the next look too.
RESCAN_S = 0.05

Thread = tuple[int, int]  # (pid, tid)
# Modes whose workers are threads of one process (asyncio: one thread; interpreters: one GIL
# per thread), so that watching that process's threads shows who holds which GIL.
THREAD_MODES = frozenset({Mode.THREADS, Mode.ASYNCIO, Mode.INTERPRETERS, Mode.FREE_THREADED})


def thread_states_available() -> bool:
    """Linux's /proc; elsewhere the GIL page says what it needs."""
    return Path(f"/proc/{os.getpid()}/task/{threading.get_native_id()}/stat").exists()


class ThreadStates:
    """Whether each worker thread of some processes runs, now. A host's other threads (its
    main thread waiting for commands, its watchdog) are left out: workers name their threads
    for the kernel. Threads are found anew as they come and go."""

    def __init__(self, pids: Sequence[int]) -> None:
        self.pids = tuple(pids)
        self._files: dict[Thread, int] = {}  # an open descriptor of each worker's stat
        self._scanned_at_s = float("-inf")

    def read(self) -> dict[Thread, bool]:
        """(pid, tid) -> whether the thread is running (or ready to), for every worker now."""
        now_s = time.monotonic()
        if now_s - self._scanned_at_s >= RESCAN_S:
            self._scanned_at_s = now_s
            self._scan()
        states = {}
        for thread in list(self._files):
            running = self._read(thread)
            if running is not None:
                states[thread] = running
        return states

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
        if Path(f"/proc/{pid}/task/{tid}/comm").read_text().strip() == WORKER_THREAD_NAME:
            self._files[thread] = os.open(f"/proc/{pid}/task/{tid}/stat", os.O_RDONLY)

    def _read(self, thread: Thread) -> bool | None:
        try:
            stat = os.pread(self._files[thread], 512, 0)
            return stat[stat.rindex(b")") + 2] == ord("R")  # the state follows the name
        except (OSError, ValueError):  # the thread has ended
            descriptor = self._files.pop(thread, None)
            if descriptor is not None:
                os.close(descriptor)
            return None

    def close(self) -> None:
        for descriptor in self._files.values():
            with contextlib.suppress(OSError):
                os.close(descriptor)
        self._files.clear()


@dataclass(frozen=True, slots=True)
class GilFigures:
    handoffs_per_s: float
    waiting_pct: float
    overlap_pct: float
    threads: int

    def as_json(self) -> dict[str, float]:
        return {
            "waiting_pct": round(self.waiting_pct, 1),
            "handoffs_per_s": round(self.handoffs_per_s, 1),
            "overlap_pct": round(self.overlap_pct, 1),
        }


class GilTrace:
    """Slots of which threads ran, kept for the screen, and running totals for the figures."""

    def __init__(self, capacity: int = HISTORY_SLOTS) -> None:
        self._seen: dict[Thread, None] = {}  # every thread, in the order first seen
        self.current: frozenset[Thread] = frozenset()  # those in the newest reading
        self.slots: deque[frozenset[Thread]] = deque(maxlen=capacity)
        self._previous_at_s: float | None = None
        self._holders: dict[int, Thread] = {}  # pid -> the thread that last held the GIL
        # pid -> its threads running in the last two readings, newest last
        self._running: dict[int, tuple[frozenset[Thread], frozenset[Thread]]] = {}
        self._elapsed_s = 0.0
        self._thread_s = 0.0  # threads × seconds
        self._waiting_s = 0.0
        self._running_s = 0.0  # seconds in which some thread of a process ran
        self._overlap_s = 0.0
        self._handoffs = 0

    def add(self, states: dict[Thread, bool], at_s: float) -> None:
        """The threads' states read at `at_s` (time.monotonic()), standing for the slot since
        the previous reading; the first reading only starts the clock."""
        previous_at_s, self._previous_at_s = self._previous_at_s, at_s
        if previous_at_s is None or at_s <= previous_at_s:
            return
        slot_s = at_s - previous_at_s
        self.current = frozenset(states)
        self._seen.update(dict.fromkeys(states))
        self.slots.append(frozenset(thread for thread, running in states.items() if running))
        self._elapsed_s += slot_s
        by_process: dict[int, dict[Thread, bool]] = {}
        for thread, running in states.items():
            by_process.setdefault(thread[0], {})[thread] = running
        for pid, mine in by_process.items():
            self._count(pid, mine, slot_s)

    @property
    def threads(self) -> list[Thread]:
        """Every thread seen, in the order first seen (the lanes' order)."""
        return list(self._seen)

    def _count(self, pid: int, states: dict[Thread, bool], slot_s: float) -> None:
        self._thread_s += len(states) * slot_s
        running = frozenset(thread for thread, runs in states.items() if runs)
        earlier, before = self._running.get(pid, (frozenset(), frozenset()))
        self._running[pid] = (before, running)
        if not running:
            return  # nobody ran: waiting on I/O or on nothing, not on the GIL
        self._running_s += slot_s
        if len(running & before & earlier) > 1:  # side by side, three readings: no GIL between
            self._overlap_s += slot_s
            self._waiting_s += (len(states) - len(running)) * slot_s
            return
        # One thread holds the GIL: the one running; at a hand-off (two running for a moment)
        # the one taking it over, or if neither is new, the one that held it.
        if len(running) == 1:
            holder = next(iter(running))
        else:
            holder = next(iter(running - before), self._holders.get(pid, next(iter(running))))
        self._waiting_s += (len(states) - 1) * slot_s
        if self._holders.get(pid, holder) != holder:
            self._handoffs += 1
        self._holders[pid] = holder

    def figures(self) -> GilFigures:
        return GilFigures(
            handoffs_per_s=self._handoffs / self._elapsed_s if self._elapsed_s else 0.0,
            waiting_pct=100 * self._waiting_s / self._thread_s if self._thread_s else 0.0,
            overlap_pct=100 * self._overlap_s / self._running_s if self._running_s else 0.0,
            threads=len(self.current),
        )


class GilSampler:
    """Reads the states of the worker threads of `pids` about every millisecond, on a thread
    of its own, until stopped. The figures and lanes are read from any thread, under its lock."""

    def __init__(self, pids: Sequence[int], clock: Callable[[], float] = time.monotonic) -> None:
        self.trace = GilTrace()
        self.lock = threading.Lock()
        self._states = ThreadStates(pids)
        self._clock = clock
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="cpuviz-gil-sampler", daemon=True)

    def start(self) -> GilSampler:
        self._thread.start()
        return self

    @property
    def native_id(self) -> int:
        """The sampling thread's id for the kernel (to measure what it costs)."""
        return self._thread.native_id or 0

    def stop(self) -> GilFigures:
        self._stop.set()
        self._thread.join()
        self._states.close()
        with self.lock:
            return self.trace.figures()

    def _run(self) -> None:
        # At the workers' own idle priority (Linux: for this thread only), so a wake-up never
        # pauses the thread holding the GIL: the sampler takes a core nobody else wants.
        with contextlib.suppress(AttributeError, OSError):
            os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
        # A plain sleep, not Event.wait: a thousand times a second, waiting on a condition
        # with a timeout is a good share of what the sampler costs.
        while not self._stop.is_set():
            time.sleep(SLOT_S)
            states = self._states.read()
            with self.lock:
                self.trace.add(states, self._clock())
