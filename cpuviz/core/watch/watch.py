"""One watch of a program: each tick, find its processes, read their clocks, and add it all up.

The tree's CPU time is read from its processes' own clocks, never guessed from the machine's
load: each live process's own time plus what it collected from its ended children (the kernel
moves a child's time to its parent when the parent reaps it), plus the last figures of
processes that ended with no watched parent to collect them. A process cpuviz itself reaps (the
started root, an orphan handed to it) is read once more as a zombie first, so its final clocks
count. So nothing a short-lived child did is lost between two ticks, and `busy_cores` matches
the kernel's (user + sys) ÷ elapsed for the tree.

The per-core share comes from the same readings (`cores.py`): each thread's time charged to
the core it last ran on, so watching reads each thread's clock once a tick, not once for the
lanes and again for the cores.
"""

from __future__ import annotations

import threading
import time

from cpuviz.core.watch.program import WatchedProgram
from cpuviz.core.watch.report import (
    NO_WAITS_NOTE,
    NOT_PYTHON_NOTE,
    GilFigures,
    ProcessRow,
    ThreadRow,
    WatchReport,
)
from cpuviz.core.watch.threads import ProcessSeen, ProgramClocks, ThreadSeen, Wait, program_clocks
from cpuviz.core.watch.tree import SCAN_S, ProcessTree

TICK_S = 0.1
# A thread counts for the GIL figures if it was on a CPU this share of the watch: a main thread
# that only waited in join(), or a helper that woke now and then, is no contender for the GIL.
GIL_CONTENDER_SHARE = 0.05


class ProgramWatch:
    """Watches `program` from now on: call `tick()` every TICK_S until it returns False (the
    tree has ended), or `stop()`; then `report()`."""

    def __init__(
        self, program: WatchedProgram, core_count: int, clocks: ProgramClocks | None = None
    ) -> None:
        """Watch on a machine of `core_count` cores (the per-core share's)."""
        self.program = program
        self._tree = ProcessTree(program.pid, program.marker)
        self._clocks = clocks or program_clocks(core_count)
        self._processes: dict[int, ProcessSeen] = {}  # every process seen, ended ones too
        self._live: set[int] = set()
        self._ended_ticks = 0
        self._scanned_at_s = float("-inf")
        self.started_at_s = program.started_at_s
        self.ended_at_s: float | None = None
        self.stopped = False
        self.tick()

    @property
    def tick_s(self) -> float:
        """The seconds of one step of the clocks read (the kernel's clock tick on Linux)."""
        return self._clocks.tick_s

    @property
    def live_pids(self) -> frozenset[int]:
        return frozenset(self._live)

    @property
    def processes(self) -> tuple[ProcessSeen, ...]:
        return tuple(self._processes.values())

    def tick(self) -> bool:
        """Read the tree once; False once it has ended (or was stopped)."""
        if self.ended_at_s is not None:
            return False
        now_s = time.monotonic()
        if now_s - self._scanned_at_s >= SCAN_S or not self._live:
            self._scanned_at_s = now_s
            self._find(now_s)
        for pid in sorted(self._live):
            self._read(self._processes[pid], now_s)
        self._clocks.cores.settle(self._cpu_ticks())
        if not self._live:
            self._find(now_s)  # a child may outlive the root (forked, then the root exited)
        if not self._live and self.program.root_has_exited():
            self._end(now_s)
            return False
        return True

    def _find(self, now_s: float) -> None:
        first_scan = not self._processes
        found = self._tree.scan() - self._processes.keys()
        for pid in found:
            born = self.program.started or not first_scan
            try:
                self._processes[pid] = self._clocks.open(pid, born_during_watch=born)
            except OSError:
                continue
            self._processes[pid].first_seen_s = now_s
            self._live.add(pid)

    def _read(self, process: ProcessSeen, now_s: float) -> None:
        if self._clocks.read(process):
            if process.state != "Z" or not self.program.reap(process.pid):
                return
            self._clocks.close(process)
            self._ended_ticks += process.ticks  # its final clocks, read as a zombie
        elif not self._collected_by_parent(process, now_s):
            self._ended_ticks += process.ticks
        process.ended_s = now_s
        self._live.discard(process.pid)

    def _collected_by_parent(self, process: ProcessSeen, now_s: float) -> bool:
        """Its time has moved to a watched parent that reaped it: one still read, or whose
        final clocks were read this tick (after it reaped this one)."""
        parent = self._processes.get(process.parent)
        return parent is not None and parent.ended_s in (None, now_s)

    def stop(self) -> None:
        """End a started program's whole tree (an attached one is only left), then the watch."""
        self.stopped = True
        if not self.program.started:
            self._end(time.monotonic())
            return
        self.program.end(self._live | self._tree.members)
        while self.tick():
            time.sleep(TICK_S / 10)

    def _end(self, now_s: float) -> None:
        self.ended_at_s = now_s
        for process in self._processes.values():
            self._clocks.close(process)
        self.program.finish_output()

    def follow(self, until: threading.Event | None = None) -> None:
        """Tick until the program's tree has ended, or `until` is set (Ctrl+C): between two
        ticks, never in the middle of one."""
        until = until or threading.Event()
        while self.tick() and not until.wait(TICK_S):
            pass

    def core_s(self) -> tuple[float, ...]:
        """The tree's CPU seconds on each core since the watch began."""
        return tuple(self._clocks.cores.core_s)

    def cpu_s(self) -> float:
        """The tree's CPU seconds since the watch began."""
        return self._cpu_ticks() * self._clocks.tick_s

    def _cpu_ticks(self) -> int:
        live = sum(self._processes[pid].ticks for pid in self._live)
        first = sum(process.first_ticks for process in self._processes.values())
        return max(0, live + self._ended_ticks - first)

    def elapsed_s(self) -> float:
        return (self.ended_at_s or time.monotonic()) - self.started_at_s

    def report(self) -> WatchReport:
        elapsed_s = max(self.elapsed_s(), 1e-9)
        cpu_s = self.cpu_s()
        rows = tuple(self._row(process) for process in self._processes.values())
        gil = tuple(
            figures
            for process in self._processes.values()
            if process.python and (figures := self._gil(process)) is not None
        )
        return WatchReport(
            command=self.program.command,
            started=self.program.started,
            stopped=self.stopped,
            elapsed_s=round(elapsed_s, 3),
            cpu_s=round(cpu_s, 3),
            busy_cores=round(cpu_s / elapsed_s, 3),
            core_busy=tuple(round(used_s / elapsed_s, 3) for used_s in self._clocks.cores.core_s),
            os_cpu_s=None if self.program.os_cpu_s is None else round(self.program.os_cpu_s, 3),
            exit_code=self.program.exit_code,
            last_output_line=self.program.last_output_line,
            last_error_line=self.program.last_error_line,
            processes=rows,
            gil=gil,
            gil_note=self._gil_note(gil),
        )

    def _row(self, process: ProcessSeen) -> ProcessRow:
        tick_s, start_s = self._clocks.tick_s, self.started_at_s
        return ProcessRow(
            pid=process.pid,
            command=process.command,
            python=process.python,
            cpu_s=round((process.own_ticks - process.first_own_ticks) * tick_s, 3),
            started_s=round(process.first_seen_s - start_s, 3),
            ended_s=None
            if process.ended_s is None
            else round(process.ended_s - self.started_at_s, 3),
            threads=tuple(
                ThreadRow(
                    thread.tid,
                    thread.name,
                    round((thread.ticks - thread.first_ticks) * tick_s, 3),
                    _shares(thread),
                )
                for thread in process.threads.values()
            ),
        )

    def _gil(self, process: ProcessSeen) -> GilFigures | None:
        """Over the threads busy for GIL_CONTENDER_SHARE of the watch or more."""
        least_ticks = GIL_CONTENDER_SHARE * self.elapsed_s() / self._clocks.tick_s
        busy = [
            thread
            for thread in process.threads.values()
            if thread.ticks - thread.first_ticks >= max(least_ticks, 1)
        ]
        readings: dict[Wait, int] = {}
        for thread in busy:
            for wait, count in thread.waits.items():
                readings[wait] = readings.get(wait, 0) + count
        total = sum(readings.values())
        if not self._clocks.reads_waits or total == 0:
            return None

        def pct(wait: Wait) -> float:
            return round(100 * readings.get(wait, 0) / total, 1)

        return GilFigures(
            process.pid, len(busy), total, pct(Wait.RUNNING), pct(Wait.LOCK), pct(Wait.ASLEEP)
        )

    def _gil_note(self, gil: tuple[GilFigures, ...]) -> str:
        if not self._clocks.reads_waits:
            return NO_WAITS_NOTE
        if not any(process.python for process in self._processes.values()):
            return NOT_PYTHON_NOTE
        return "" if gil else "no Python thread kept a core busy for long"


def _shares(thread: ThreadSeen) -> dict[str, float]:
    total = sum(thread.waits.values())
    return {
        wait.name.lower(): round(100 * count / total, 1) for wait, count in thread.waits.items()
    }
