"""Each of the program's processes and threads, read once a tick: CPU clocks, state, and wait.

What a thread that is not running waits on, as far as the kernel tells another process:
/proc/PID/task/TID/wchan names the kernel function it sleeps in where the kernel offers it;
otherwise /proc/PID/task/TID/syscall gives the system call it is blocked in. A futex is how
CPython's GIL waits (a condition variable), but also how every lock, queue, Event and
`Thread.join()` waits, so the label says "a lock or the GIL": the kernel cannot tell them
apart. Anything else a sleeping thread sits in (read, poll, select, nanosleep, epoll) is I/O or
a timer.

Where /proc is missing (macOS, Windows) psutil's per-process and per-thread times stand in, as
on the GIL page: clocks and lanes, but no waits, so there are no GIL figures there.
"""

from __future__ import annotations

import contextlib
import os
import platform
import re
import time
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

import psutil

from cpuviz.core.watch.cores import CoreLedger

# Fields of /proc/PID/stat after the ")" that ends the name: field n is at index n - 3.
STATE, PPID, UTIME, STIME, CUTIME, CSTIME, NUM_THREADS, PROCESSOR = (
    number - 3 for number in (3, 4, 14, 15, 16, 17, 20, 39)
)
STAT_BYTES = 1024
# futex and futex_waitv by architecture (the numbers differ between them).
FUTEX_SYSCALLS = {"x86_64": (b"202", b"449"), "aarch64": (b"98", b"449"), "arm64": (b"98", b"449")}
PYTHON_NAME = re.compile(r"^(python|pypy)[\d.]*[dmt]?(\.exe)?$", re.IGNORECASE)


class Wait(StrEnum):
    """What a thread was doing at one reading, labelled as honestly as the kernel allows."""

    RUNNING = "running"
    LOCK = "waiting on a lock or the GIL (futex)"
    ASLEEP = "asleep on I/O or a timer"
    UNKNOWN = "not running (what it waits on cannot be read here)"


@dataclass(slots=True)
class ThreadSeen:
    """One thread as last read; `first_ticks` is its clock when first seen (0 if it was born
    during the watch), and `waits` counts the readings in each state."""

    tid: int
    name: str
    first_ticks: int
    ticks: int
    waits: dict[Wait, int] = field(default_factory=dict)
    stat: int = -1  # an open descriptor of its stat, read again with pread
    wait: int = -1  # and of its wchan or syscall file (-1: none readable)


@dataclass(slots=True)
class ProcessSeen:
    """One process of the program as last read; `first_ticks` and `first_own_ticks` are its
    clocks when first seen (0 if born during the watch). Its clock counts its own time (`own_ticks`,
    which keeps its ended threads' time too) and what it collected of its ended children
    (`reaped_ticks`): the kernel moves a child's time to its parent when the parent reaps it."""

    pid: int
    parent: int
    command: tuple[str, ...]
    python: bool
    first_ticks: int
    first_own_ticks: int = 0
    own_ticks: int = 0
    reaped_ticks: int = 0
    state: str = "R"
    name: bytes = b""  # the kernel's name for it, which an exec changes
    first_seen_s: float = 0.0
    ended_s: float | None = None
    threads: dict[int, ThreadSeen] = field(default_factory=dict)
    stat: int = -1

    @property
    def ticks(self) -> int:
        return self.own_ticks + self.reaped_ticks


def is_python(command: tuple[str, ...], executable: str) -> bool:
    """A CPython or PyPy process, by its executable's or its first word's name."""
    names = [Path(executable).name] + ([Path(command[0]).name] if command else [])
    return any(PYTHON_NAME.match(name) for name in names)


class ProcStatClocks:
    """Linux: one pread of each process's stat and each thread's stat a tick, and of each
    sleeping thread's wait file in Python processes (the only ones with a GIL page). A
    process's threads are listed anew only when their number in its stat changes. The same
    readings charge each core its share (`cores`): nothing is read twice for it."""

    tick_s = 1.0 / os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 0.01
    reads_waits = True

    def __init__(self, core_count: int) -> None:
        self.cores = CoreLedger(core_count, self.tick_s)
        self._futex = FUTEX_SYSCALLS.get(platform.machine(), ())
        self._wait_file = "wchan" if Path(f"/proc/{os.getpid()}/wchan").exists() else "syscall"

    def open(self, pid: int, *, born_during_watch: bool) -> ProcessSeen:
        """Start reading `pid`; OSError if it has gone already."""
        descriptor = os.open(f"/proc/{pid}/stat", os.O_RDONLY)
        try:
            name, fields = _stat(descriptor)
            process = psutil.Process(pid)
            command: tuple[str, ...] = ()
            with contextlib.suppress(psutil.Error):
                command = tuple(process.cmdline())
            executable = ""
            with contextlib.suppress(psutil.Error):
                executable = process.exe()
        except (OSError, ValueError, psutil.Error) as error:
            os.close(descriptor)
            raise OSError(f"process {pid} has ended") from error
        ticks = _own(fields) + _reaped(fields)
        seen = ProcessSeen(
            pid,
            int(fields[PPID]),
            command or (executable,),
            is_python(command, executable),
            first_ticks=0 if born_during_watch else ticks,
            first_own_ticks=0 if born_during_watch else _own(fields),
            name=name,
            first_seen_s=time.monotonic(),
            stat=descriptor,
        )
        seen.own_ticks = seen.first_own_ticks  # what it did before the watch is no core's share
        self._update(seen, name, fields, first_reading=not born_during_watch)
        return seen

    def read(self, process: ProcessSeen) -> bool:
        """Bring `process` up to date; False once it has gone (its last figures stay)."""
        try:
            name, fields = _stat(process.stat)
        except (OSError, ValueError):
            self.close(process)
            return False
        self._update(process, name, fields, first_reading=False)
        return True

    def _update(
        self, process: ProcessSeen, name: bytes, fields: list[bytes], *, first_reading: bool
    ) -> None:
        gained = _own(fields) - process.own_ticks
        process.own_ticks, process.reaped_ticks = _own(fields), _reaped(fields)
        process.state = fields[STATE].decode()
        if process.state != "Z":  # else its threads have gone and its clocks are final
            if name != process.name:
                self._after_exec(process)
                process.name = name
            live = sum(1 for thread in process.threads.values() if thread.stat >= 0)
            if int(fields[NUM_THREADS]) != live:
                self._list_threads(process, first_reading=first_reading)
            for thread in process.threads.values():
                if thread.stat >= 0:
                    gained -= self._read_thread(process, thread)
        self.cores.charge(int(fields[PROCESSOR]), gained)  # threads ended since the last tick

    def _after_exec(self, process: ProcessSeen) -> None:
        """It runs another program now (a launcher, a shell's exec, fork then exec): its
        command and whether it is Python are read again; its threads start anew."""
        with contextlib.suppress(psutil.Error):
            watched = psutil.Process(process.pid)
            process.command = tuple(watched.cmdline()) or process.command
            process.python = is_python(process.command, watched.exe())
        for thread in process.threads.values():
            self._close_thread(thread)

    def _list_threads(self, process: ProcessSeen, *, first_reading: bool) -> None:
        with contextlib.suppress(OSError):
            for entry in os.scandir(f"/proc/{process.pid}/task"):
                tid = int(entry.name)
                known = process.threads.get(tid)
                if known is not None and known.stat >= 0:
                    continue
                with contextlib.suppress(OSError, ValueError):
                    stat = os.open(f"/proc/{process.pid}/task/{tid}/stat", os.O_RDONLY)
                    first = _own(_stat(stat)[1]) if first_reading else 0
                    thread = ThreadSeen(tid, "", first, first, stat=stat)
                    if process.python:
                        thread.wait = self._open_wait(process.pid, tid)
                    process.threads[tid] = thread

    def _open_wait(self, pid: int, tid: int) -> int:
        try:
            return os.open(f"/proc/{pid}/task/{tid}/{self._wait_file}", os.O_RDONLY)
        except OSError:
            return -1

    def _read_thread(self, process: ProcessSeen, thread: ThreadSeen) -> int:
        """The ticks it gained since the last reading, charged to the core it ran on."""
        try:
            name, fields = _stat(thread.stat)
        except (OSError, ValueError):
            self._close_thread(thread)
            return 0
        thread.name = name.decode(errors="replace")
        gained, thread.ticks = _own(fields) - thread.ticks, _own(fields)
        self.cores.charge(int(fields[PROCESSOR]), gained)
        if process.python:
            wait = self._wait(thread, fields[STATE])
            thread.waits[wait] = thread.waits.get(wait, 0) + 1
        return gained

    def _wait(self, thread: ThreadSeen, state: bytes) -> Wait:
        if state == b"R":
            return Wait.RUNNING
        if thread.wait < 0:
            return Wait.UNKNOWN
        try:
            text = os.pread(thread.wait, 256, 0)
        except OSError:
            return Wait.UNKNOWN
        if self._wait_file == "wchan":
            return _wait_in(text)
        call = text.split(b" ", 1)[0]
        if call == b"running":  # it woke between the two reads
            return Wait.RUNNING
        return Wait.LOCK if call in self._futex else Wait.ASLEEP

    def _close_thread(self, thread: ThreadSeen) -> None:
        for descriptor in (thread.stat, thread.wait):
            if descriptor >= 0:
                with contextlib.suppress(OSError):
                    os.close(descriptor)
        thread.stat = thread.wait = -1

    def close(self, process: ProcessSeen) -> None:
        for thread in process.threads.values():
            self._close_thread(thread)
        if process.stat >= 0:
            with contextlib.suppress(OSError):
                os.close(process.stat)
            process.stat = -1


class PsutilClocks:
    """Elsewhere: psutil's per-process and per-thread CPU times; no waits can be read, nor
    which core a thread ran on, so a process's time is spread over the cores evenly."""

    tick_s = 0.001  # the figures are seconds, kept here in milliseconds
    reads_waits = False

    def __init__(self, core_count: int) -> None:
        self.cores = CoreLedger(core_count, self.tick_s)
        self._processes: dict[int, psutil.Process] = {}

    def open(self, pid: int, *, born_during_watch: bool) -> ProcessSeen:
        try:
            process = psutil.Process(pid)
            command = tuple(process.cmdline()) or (process.name(),)
            seen = ProcessSeen(pid, process.ppid(), command, is_python(command, process.name()), 0)
            self._processes[pid] = process
            self._read(seen, charge=born_during_watch)
        except psutil.Error as error:
            raise OSError(f"process {pid} has ended") from error
        seen.first_ticks = 0 if born_during_watch else seen.ticks
        seen.first_own_ticks = 0 if born_during_watch else seen.own_ticks
        seen.first_seen_s = time.monotonic()
        return seen

    def read(self, process: ProcessSeen) -> bool:
        return self._read(process, charge=True)

    def _read(self, process: ProcessSeen, *, charge: bool) -> bool:
        try:
            watched = self._processes[process.pid]
            times = watched.cpu_times()
            threads = watched.threads()
        except (psutil.Error, KeyError):
            self.close(process)
            return False
        own_ticks = round((times.user + times.system) * 1000)
        if charge:
            self.cores.spread(own_ticks - process.own_ticks)
        process.own_ticks = own_ticks
        process.reaped_ticks = round((times.children_user + times.children_system) * 1000)
        for thread in threads:
            ticks = round((thread.user_time + thread.system_time) * 1000)
            seen = process.threads.setdefault(thread.id, ThreadSeen(thread.id, "", ticks, ticks))
            seen.ticks = ticks
        return True

    def close(self, process: ProcessSeen) -> None:
        self._processes.pop(process.pid, None)


ProgramClocks = ProcStatClocks | PsutilClocks


def program_clocks(core_count: int) -> ProgramClocks:
    """The finest reader this system offers, for a machine of `core_count` cores."""
    if Path(f"/proc/{os.getpid()}/stat").exists():
        return ProcStatClocks(core_count)
    return PsutilClocks(core_count)


def _wait_in(wchan: bytes) -> Wait:
    """What the kernel function a thread sleeps in says it waits on."""
    if wchan.strip() in (b"", b"0"):  # hidden from cpuviz, or it has just woken
        return Wait.UNKNOWN
    return Wait.LOCK if b"futex" in wchan else Wait.ASLEEP


def _stat(descriptor: int) -> tuple[bytes, list[bytes]]:
    """A stat file's name and its fields after the name (the name may hold spaces and ")");
    OSError or ValueError once its process or thread has gone."""
    stat = os.pread(descriptor, STAT_BYTES, 0)
    name_end = stat.rindex(b")")
    return stat[stat.index(b"(") + 1 : name_end], stat[name_end + 2 :].split()


def _own(fields: list[bytes]) -> int:
    return int(fields[UTIME]) + int(fields[STIME])


def _reaped(fields: list[bytes]) -> int:
    return int(fields[CUTIME]) + int(fields[CSTIME])
