"""How much CPU some processes used on each core: the run's own share of the machine's load.

The machine's per-core load (sources.PsutilSource) says how busy each core was, not for whom:
on a laptop with a browser busy on one core, a threads run would paint two full cores in its
colour. This reader says which part of each core's load was some processes' (the run's worker
hosts today; a watched program's process tree later), so the window draws and counts only that.

Precision, which the README repeats: each thread's CPU time since the last reading is charged
to the core it ran on last. A thread that moved cores between two readings (0.1 s apart in the
window) is charged wholly to the last one, so one core's share can read high and another's low
for a tick; the sum over the cores is exact to the kernel's clock tick (10 ms a thread). What
threads that ended between two readings used is still counted, on the core their process last
ran on: a process's own clock keeps the time of its ended threads.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import psutil

# Fields of /proc/PID/stat and /proc/PID/task/TID/stat, counted after the ")" that ends the
# name (which may hold spaces): the state is field 3, so field n is at index n - 3.
UTIME, STIME, NUM_THREADS, PROCESSOR = (number - 3 for number in (14, 15, 20, 39))
STAT_BYTES = 1024


class ProcessCores(Protocol):
    """CPU seconds some processes used on each core, between one `read()` and the next."""

    def watch(self, pids: Sequence[int]) -> None:
        """From now on, these processes (and all their threads); the next `read()` counts
        from this moment."""
        ...

    def read(self) -> tuple[float, ...]:
        """CPU seconds used on each core since the last reading (or `watch()`)."""
        ...

    def close(self) -> None: ...


def process_cores(core_count: int) -> ProcessCores:
    """The finest reader this system offers: /proc's per-thread clocks and cores on Linux."""
    if Path(f"/proc/{os.getpid()}/task/{threading.get_native_id()}/stat").exists():
        return ThreadStatCores(core_count)
    return PsutilProcessCores(core_count)


@dataclass(slots=True)
class _Watched:
    """One watched process: its own stat (its clock holds its ended threads' time too), and
    each live thread's stat with the clock read last, in ticks."""

    stat: int
    ticks: int
    threads: dict[int, tuple[int, int]] = field(default_factory=dict)  # tid -> (fd, ticks)


class ThreadStatCores:
    """Linux: each thread's utime + stime and its last core, from /proc/PID/task/TID/stat.

    Cheap on every tick: a stat file is opened once and read again with one pread, and a
    process's threads are listed anew only when their number in its stat changes; no psutil
    object is made per reading. A thread that appeared since the last reading has used all of
    its clock since then; a thread whose replacement came in the same tick is not seen, and its
    time lands on its process's core by the process's own clock.
    """

    def __init__(self, core_count: int) -> None:
        self.core_count = core_count
        self._tick_s = 1.0 / os.sysconf("SC_CLK_TCK")
        self._watched: dict[int, _Watched] = {}

    def watch(self, pids: Sequence[int]) -> None:
        self.close()
        for pid in pids:
            with contextlib.suppress(OSError, ValueError):  # a host that has just ended
                self._watched[pid] = self._open(pid)
        self.read()  # the clocks as they stand now: what follows is counted

    def _open(self, pid: int) -> _Watched:
        descriptor = os.open(f"/proc/{pid}/stat", os.O_RDONLY)
        try:
            ticks = _ticks(_fields(descriptor))
        except (OSError, ValueError):
            os.close(descriptor)
            raise
        return _Watched(descriptor, ticks)

    def read(self) -> tuple[float, ...]:
        used_s = [0.0] * self.core_count
        for pid, process in list(self._watched.items()):
            try:
                fields = _fields(process.stat)
            except (OSError, ValueError):  # the process has ended: what it used last is lost
                self._forget(pid)
                continue
            threads_ticks = 0
            if int(fields[NUM_THREADS]) != len(process.threads):
                self._list_threads(pid, process)
            for tid, (descriptor, before) in list(process.threads.items()):
                try:
                    thread_fields = _fields(descriptor)
                except (OSError, ValueError):  # the thread has ended: its process's clock has it
                    os.close(descriptor)
                    del process.threads[tid]
                    continue
                ticks = _ticks(thread_fields)
                process.threads[tid] = (descriptor, ticks)
                threads_ticks += ticks - before
                used_s[self._core(thread_fields)] += (ticks - before) * self._tick_s
            ticks = _ticks(fields)
            ended_ticks = ticks - process.ticks - threads_ticks  # threads gone since the last
            process.ticks = ticks
            if ended_ticks > 0:
                used_s[self._core(fields)] += ended_ticks * self._tick_s
        return tuple(used_s)

    def _list_threads(self, pid: int, process: _Watched) -> None:
        """Open the threads not yet known; one born since the last reading starts at 0 ticks
        (all its time is new), one found at `watch()` at its clock then."""
        first_reading = not process.threads
        with contextlib.suppress(OSError):
            for entry in os.scandir(f"/proc/{pid}/task"):
                tid = int(entry.name)
                if tid in process.threads:
                    continue
                with contextlib.suppress(OSError, ValueError):
                    descriptor = os.open(f"/proc/{pid}/task/{tid}/stat", os.O_RDONLY)
                    ticks = _ticks(_fields(descriptor)) if first_reading else 0
                    process.threads[tid] = (descriptor, ticks)

    def _core(self, fields: list[bytes]) -> int:
        return min(int(fields[PROCESSOR]), self.core_count - 1)

    def _forget(self, pid: int) -> None:
        process = self._watched.pop(pid)
        for descriptor in (process.stat, *(fd for fd, _ in process.threads.values())):
            with contextlib.suppress(OSError):
                os.close(descriptor)

    def close(self) -> None:
        for pid in list(self._watched):
            self._forget(pid)


def _fields(descriptor: int) -> list[bytes]:
    """A stat file's fields after the name; OSError or ValueError once its thread has ended."""
    stat = os.pread(descriptor, STAT_BYTES, 0)
    return stat[stat.rindex(b")") + 2 :].split()


def _ticks(fields: list[bytes]) -> int:
    return int(fields[UTIME]) + int(fields[STIME])


class PsutilProcessCores:
    """Elsewhere (macOS, Windows): each process's CPU time, charged to the core it last ran on
    where psutil can tell (`cpu_num()`, FreeBSD), else spread evenly over the cores: psutil has
    per-thread times there but not per-thread cores, so a process is the finest unit."""

    def __init__(self, core_count: int) -> None:
        self.core_count = core_count
        self._processes: dict[int, tuple[psutil.Process, float]] = {}

    def watch(self, pids: Sequence[int]) -> None:
        self._processes.clear()
        for pid in pids:
            with contextlib.suppress(psutil.Error):
                process = psutil.Process(pid)
                self._processes[pid] = (process, _cpu_s(process))

    def read(self) -> tuple[float, ...]:
        used_s = [0.0] * self.core_count
        for pid, (process, before_s) in list(self._processes.items()):
            try:
                now_s = _cpu_s(process)
                core = process.cpu_num() if hasattr(process, "cpu_num") else None
            except psutil.Error:
                del self._processes[pid]
                continue
            self._processes[pid] = (process, now_s)
            if core is None or not 0 <= core < self.core_count:
                for spread in range(self.core_count):
                    used_s[spread] += (now_s - before_s) / self.core_count
            else:
                used_s[core] += now_s - before_s
        return tuple(used_s)

    def close(self) -> None:
        self._processes.clear()


def _cpu_s(process: psutil.Process) -> float:
    times = process.cpu_times()
    return times.user + times.system
