"""Who holds the GIL, millisecond by millisecond, read from outside the worker processes.

A reader (gil_readers.py) says, slot by slot, which worker threads ran. CPU-bound threads of
one process take turns (the baton passing every switch interval, 5 ms by default), C code
that releases the GIL runs side by side, and each process runs on its own. Nothing is asked
of the workers, so watching costs their GIL nothing.

From the slots, four figures, counted per process (threads of different processes never
share a GIL), each slot weighted by how long it lasted:
- hand-offs a second: how often the one thread that ran changed;
- waiting: the share of the threads' time in which a thread slept while another thread of its
  process ran, which is what the GIL makes threads do (threads that all sleep, on I/O say,
  are not waiting for it);
- overlap: the share of the time some thread ran in which two or more ran at once, in three
  readings running: at a hand-off the thread giving the GIL up and the one taking it both
  show as running for a moment, and that moment is the hand-off, not threads side by side;
- held: the share of the time in which some thread of the process ran, holding its GIL (or,
  in C code that let it go, able to): what one more thread would find busy, which is what
  gilknocker's contention metric estimates from inside the process.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from cpuviz.core.gil.readers import SLOT_S, Thread, ThreadReader, thread_reader
from cpuviz.core.runs.plan import Mode

HISTORY_SLOTS = 600  # 0.6 s of lane columns on screen, a column a millisecond
MAX_THREADS_SHOWN = 16
# Readings this far apart, this many times in a row, say the sampler starves at idle
# priority (a busy laptop gave 17 readings in 4 s); a loaded moment now and then does not.
STARVED_GAP_S = 0.1
STARVED_TIMES = 5
# Modes whose workers are threads of one process (asyncio: one thread; interpreters: one GIL
# per thread), so that watching that process's threads shows who holds which GIL.
THREAD_MODES = frozenset({Mode.THREADS, Mode.ASYNCIO, Mode.INTERPRETERS, Mode.FREE_THREADED})


@dataclass(frozen=True, slots=True)
class GilFigures:
    handoffs_per_s: float
    waiting_pct: float
    overlap_pct: float
    threads: int
    held_pct: float = 0.0

    def as_json(self) -> dict[str, float]:
        return {
            "waiting_pct": round(self.waiting_pct, 1),
            "handoffs_per_s": round(self.handoffs_per_s, 1),
            "overlap_pct": round(self.overlap_pct, 1),
            "held_pct": round(self.held_pct, 1),
        }


@dataclass(frozen=True, slots=True)
class GilSlots:
    """What was read since the last GilSlots: a column a millisecond, each an int with bit n
    set where lane n's thread ran (the first MAX_THREADS_SHOWN threads), and the figures so
    far. The GIL page draws these, and a recording keeps them, so a replay shows the same."""

    lanes: int
    running: tuple[int, ...]
    figures: GilFigures
    resolution_ms: float = SLOT_S * 1000


class GilTrace:
    """Readings of which threads ran, turned into lane columns and running totals."""

    def __init__(self) -> None:
        self.current: frozenset[Thread] = frozenset()  # those in the newest reading
        self._fresh: list[int] = []  # lane columns not yet taken
        self._lanes: dict[Thread, int] = {}  # thread -> its lane's bit, in the order seen
        self._column_debt_s = 0.0  # time read but not yet drawn as a whole column
        self._previous_at_s: float | None = None
        self._holders: dict[int, Thread] = {}  # pid -> the thread that last held the GIL
        # pid -> its threads running in the last two readings, newest last
        self._running: dict[int, tuple[frozenset[Thread], frozenset[Thread]]] = {}
        self._pids: set[int] = set()
        self._elapsed_s = 0.0
        self._thread_s = 0.0  # threads × seconds
        self._waiting_s = 0.0
        self._running_s = 0.0  # process × seconds in which some thread of the process ran
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
        for thread in states:  # a lane for each of the first threads seen, kept till the end
            if thread not in self._lanes and len(self._lanes) < MAX_THREADS_SHOWN:
                self._lanes[thread] = 1 << len(self._lanes)
        self._add_columns(states, slot_s)
        self._elapsed_s += slot_s
        by_process: dict[int, dict[Thread, bool]] = {}
        for thread, running in states.items():
            by_process.setdefault(thread[0], {})[thread] = running
        self._pids.update(by_process)
        for pid, mine in by_process.items():
            self._count(pid, mine, slot_s)

    def _add_columns(self, states: dict[Thread, bool], slot_s: float) -> None:
        """A column a millisecond, however long the slot was: lanes keep true time."""
        lit = sum(bit for thread, bit in self._lanes.items() if states.get(thread))
        self._column_debt_s += slot_s
        columns = int(self._column_debt_s / SLOT_S + 1e-6)  # 1e-6: a float's rounding
        self._column_debt_s -= columns * SLOT_S
        self._fresh.extend([lit] * min(columns, HISTORY_SLOTS))

    def take(self, resolution_s: float = SLOT_S) -> GilSlots:
        """The columns read since the last take, and the figures so far."""
        fresh, self._fresh = tuple(self._fresh), []
        return GilSlots(len(self._lanes), fresh, self.figures(), round(resolution_s * 1000, 1))

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
        process_s = self._elapsed_s * len(self._pids)
        return GilFigures(
            handoffs_per_s=self._handoffs / self._elapsed_s if self._elapsed_s else 0.0,
            waiting_pct=100 * self._waiting_s / self._thread_s if self._thread_s else 0.0,
            overlap_pct=100 * self._overlap_s / self._running_s if self._running_s else 0.0,
            threads=len(self.current),
            held_pct=100 * self._running_s / process_s if process_s else 0.0,
        )


class GilSampler:
    """Reads which worker threads of `pids` run, every slot, on a thread of its own, until
    stopped. The trace is read from any thread under `lock`; `take()` does that."""

    def __init__(
        self,
        pids: Sequence[int],
        clock: Callable[[], float] = time.monotonic,
        reader: ThreadReader | None = None,
    ) -> None:
        self.trace = GilTrace()
        self.lock = threading.Lock()
        self._reader = reader if reader is not None else thread_reader(pids)
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

    def take(self) -> GilSlots:
        """The lane columns since the last take, and the figures so far."""
        with self.lock:
            return self.trace.take(self._reader.resolution_s)

    def stop(self) -> GilFigures:
        self._stop.set()
        self._thread.join()
        self._reader.close()
        with self.lock:
            return self.trace.figures()

    def _run(self) -> None:
        # At idle priority (Linux: for this thread only) the sampler reads only on a core
        # nobody else wants: its thousand wake-ups a second never pause the thread holding the
        # GIL, and a thread it sees as runnable is one that runs. Where every core is busy
        # (a busy program beside a threads run on 2 cores, or a program that fills every
        # core) that leaves it no readings at all, and the GIL page empty on the very laptop
        # a lecture is given on: then it reads at SCHED_BATCH, an ordinary share that still
        # never preempts, and a runnable thread may then be one waiting for a core.
        policy = _set_policy("SCHED_IDLE")
        starved = 0
        read_at_s = time.monotonic()
        # A plain sleep, not Event.wait: a thousand times a second, waiting on a condition
        # with a timeout is a good share of what the sampler costs.
        while not self._stop.is_set():
            time.sleep(self._reader.slot_s)  # the reader may read less often when it costs more
            now_s = time.monotonic()
            if policy == "SCHED_IDLE":
                starved = starved + 1 if now_s - read_at_s > STARVED_GAP_S else 0
                if starved >= STARVED_TIMES:
                    policy = _set_policy("SCHED_BATCH")
            read_at_s = now_s
            states = self._reader.read()
            with self.lock:
                self.trace.add(states, self._clock())


def _set_policy(name: str) -> str:
    """This thread's scheduling policy, if the system has it (Linux); returns `name`."""
    with contextlib.suppress(AttributeError, OSError):
        os.sched_setscheduler(0, getattr(os, name), os.sched_param(0))
    return name
