"""A program to watch: one cpuviz starts (and may end), or one already running that it attaches to.

A started program runs as the user typed it, with its output passed through to cpuviz's own
(and its last line of each kept for the row). Two things are added to its environment: a marker
its descendants inherit, so a process that outlives its parent is still known to be the
program's when it is ended, and PYTHONUNBUFFERED, so a Python program's lines arrive as it
prints them rather than at its exit. On Linux cpuviz becomes a "child subreaper": a process
whose parent exits (a program that forks and exits) is handed to cpuviz instead of to init, so
its CPU time is accounted when cpuviz reaps it and it cannot be left behind.

An attached program is only watched: cpuviz never signals it.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import resource
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import BinaryIO

import psutil

MARKER_VARIABLE = "CPUVIZ_WATCH_ID"
# Stop: SIGTERM to the whole tree, then SIGKILL to what is left after this long.
END_GRACE_S = 2.0
_PR_SET_CHILD_SUBREAPER = 36
_TEE_CHUNK_BYTES = 65536
_END_POLL_S = 0.02
_TEE_DRAIN_S = 1.0  # after the tree has ended, how long its last output may take to arrive


class ProgramError(Exception):
    """The command cannot be run, or the PID cannot be watched: one line for the user."""


class OutputTee:
    """Copies a pipe to `destination` as it arrives, and keeps the last non-empty line."""

    def __init__(
        self,
        pipe: BinaryIO,
        destination: BinaryIO | None,
        on_line: Callable[[str], None] | None = None,
    ) -> None:
        self.last_line = ""
        self._pipe, self._destination, self._on_line = pipe, destination, on_line
        self._thread = threading.Thread(target=self._copy, name="cpuviz-output", daemon=True)
        self._thread.start()

    def _copy(self) -> None:
        pending = b""
        while chunk := self._pipe.read1(_TEE_CHUNK_BYTES):  # type: ignore[attr-defined]
            if self._destination is not None:
                self._destination.write(chunk)
                self._destination.flush()
            *lines, pending = (pending + chunk).split(b"\n")
            for line in lines:
                self._take(line)
        self._take(pending)
        self._pipe.close()

    def _take(self, line: bytes) -> None:
        text = line.decode(errors="replace").rstrip()
        if text:
            self.last_line = text
            if self._on_line is not None:
                self._on_line(text)

    def drain(self, timeout_s: float = _TEE_DRAIN_S) -> None:
        """Wait for the pipe's end (a daemon the program left may hold it open: not for long)."""
        self._thread.join(timeout_s)


def _become_subreaper() -> None:
    """Orphans of the program come to this process (Linux); elsewhere they go to init."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


class StartedProgram:
    """A command cpuviz started: its root process, its exit, and the end of its whole tree."""

    started = True

    def __init__(
        self,
        command: Sequence[str],
        *,
        stdout: BinaryIO | None = None,
        stderr: BinaryIO | None = None,
        on_line: Callable[[str], None] | None = None,
    ) -> None:
        """Start `command`; its output goes to `stdout`/`stderr` (cpuviz's own by default) and
        each line to `on_line`. ProgramError if it cannot be started."""
        if not command:
            raise ProgramError("no command given: put it after --")
        self.command = tuple(command)
        self.marker = f"{os.getpid()}-{time.monotonic_ns()}"
        environment = {**os.environ, MARKER_VARIABLE: self.marker, "PYTHONUNBUFFERED": "1"}
        _become_subreaper()
        try:
            self._popen = subprocess.Popen(
                self.command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment
            )
        except FileNotFoundError:
            raise ProgramError(f"{command[0]}: command not found") from None
        except PermissionError:
            raise ProgramError(f"{command[0]}: not executable (permission denied)") from None
        except OSError as error:
            raise ProgramError(f"{command[0]}: cannot be run ({error.strerror})") from None
        self.started_at_s = time.monotonic()
        self.pid = self._popen.pid
        self.exit_code: int | None = None  # negative: ended by that signal (as subprocess says)
        self.os_cpu_s = 0.0  # the kernel's own figure for the processes cpuviz reaped
        self.last_line = ""  # on either stream
        self._on_line = on_line
        self._stdout = OutputTee(self._popen.stdout, stdout or sys.stdout.buffer, self._printed)  # type: ignore[arg-type]
        self._stderr = OutputTee(self._popen.stderr, stderr or sys.stderr.buffer, self._printed)  # type: ignore[arg-type]

    @property
    def last_output_line(self) -> str:
        return self._stdout.last_line

    def _printed(self, line: str) -> None:
        """A line on either stream, from its output thread."""
        self.last_line = line
        if self._on_line is not None:
            self._on_line(line)

    def follow_output(self, on_line: Callable[[str], None]) -> None:
        """Each line it prints from now on (on either stream) goes to `on_line` too, after the
        last it printed before (a program may print at once, before anyone listens)."""
        self._on_line = on_line
        if self.last_line:
            on_line(self.last_line)

    @property
    def last_error_line(self) -> str:
        return self._stderr.last_line

    def reap(self, pid: int) -> bool:
        """Collect `pid` if it is an ended child of cpuviz's (the root, or an orphan handed to
        it), adding what the kernel accounted for it (and what it reaped itself) to
        `os_cpu_s`; True if it was collected. The root's exit status is kept."""
        try:
            reaped, status, usage = os.wait4(pid, os.WNOHANG)
        except ChildProcessError:
            return False
        if reaped == 0:
            return False
        self.os_cpu_s += _cpu_s(usage)
        if pid == self.pid:
            self.exit_code = os.waitstatus_to_exitcode(status)
            self._popen.returncode = self.exit_code  # subprocess must not wait for it again
        return True

    def root_has_exited(self) -> bool:
        """The root has ended (it may still be a zombie, whose final clocks can be read)."""
        if self.exit_code is not None:
            return True
        with contextlib.suppress(ChildProcessError):
            flags = os.WEXITED | os.WNOHANG | os.WNOWAIT
            return os.waitid(os.P_PID, self.pid, flags) is not None
        return True

    def end(self, known: Iterable[int]) -> None:
        """End the whole tree: `known` (the processes the watch found) and any process that
        carries the marker; SIGTERM, then SIGKILL after END_GRACE_S. Idempotent."""
        processes = {process.pid: process for process in _processes(known)}
        processes.update((process.pid, process) for process in self.marked())
        _signal(processes.values(), signal.SIGTERM)
        alive = self._wait_gone(list(processes.values()), END_GRACE_S)
        _signal(alive, signal.SIGKILL)
        self._wait_gone(alive, END_GRACE_S)

    def _wait_gone(self, processes: list[psutil.Process], timeout_s: float) -> list[psutil.Process]:
        """Those of `processes` still alive after `timeout_s`. Not psutil.wait_procs: that
        reaps cpuviz's children itself, and their exit status and clocks would be lost."""
        deadline_s = time.monotonic() + timeout_s
        while True:
            alive = [process for process in processes if not self._gone(process)]
            if not alive or time.monotonic() >= deadline_s:
                return alive
            time.sleep(_END_POLL_S)

    def _gone(self, process: psutil.Process) -> bool:
        if self.reap(process.pid):
            return True
        try:
            return process.status() == psutil.STATUS_ZOMBIE  # another's child, ended
        except psutil.Error:
            return True

    def marked(self) -> list[psutil.Process]:
        """Every process that carries this program's marker: its tree, even processes whose
        parent has gone (unless they cleared their environment)."""
        marked = []
        for process in psutil.process_iter():
            with contextlib.suppress(psutil.Error):
                if process.environ().get(MARKER_VARIABLE) == self.marker:
                    marked.append(process)
        return marked

    def finish_output(self) -> None:
        self._stdout.drain()
        self._stderr.drain()


class AttachedProgram:
    """A program already running, watched from its PID; it is never signalled."""

    started = False
    marker = None
    exit_code = None  # not ours to collect
    os_cpu_s = None
    last_output_line = ""
    last_error_line = ""

    def __init__(self, pid: int) -> None:
        """ProgramError unless `pid` runs and cpuviz may read its clocks and its threads'
        waits."""
        self.pid = pid
        self.started_at_s = time.monotonic()
        try:
            process = psutil.Process(pid)
            self.command = tuple(process.cmdline()) or (process.name(),)
            process.cpu_times()
            process.threads()
        except psutil.NoSuchProcess:
            raise ProgramError(f"no process {pid} is running") from None
        except psutil.AccessDenied:
            raise ProgramError(f"cpuviz may not read process {pid} (not permitted)") from None
        _refuse_unreadable_waits(pid)

    def follow_output(self, on_line: Callable[[str], None]) -> None:
        """Its output is not cpuviz's to read."""

    def reap(self, pid: int) -> bool:
        """Never: an attached program's processes are others' children."""
        return False

    def root_has_exited(self) -> bool:
        return not psutil.pid_exists(self.pid)

    def end(self, known: Iterable[int]) -> None:
        """Leave it running: cpuviz only watched."""

    def finish_output(self) -> None:
        """Its output is not cpuviz's to read."""


WatchedProgram = StartedProgram | AttachedProgram


def _refuse_unreadable_waits(pid: int) -> None:
    """On Linux, what the threads wait on must be readable too: the kernel allows it for one's
    own processes, not for others' without privilege. The system call file says so (EPERM);
    wchan would only read "0", as for a running thread."""
    try:
        Path(f"/proc/{pid}/task/{pid}/syscall").read_bytes()
    except PermissionError:
        raise ProgramError(
            f"cpuviz may not read what process {pid}'s threads wait on (not permitted)"
        ) from None
    except OSError:  # no such file on this system, or the process just ended
        return


def _processes(pids: Iterable[int]) -> list[psutil.Process]:
    processes = []
    for pid in pids:
        with contextlib.suppress(psutil.Error):
            processes.append(psutil.Process(pid))
    return processes


def _signal(processes: Iterable[psutil.Process], number: signal.Signals) -> None:
    for process in processes:
        with contextlib.suppress(psutil.Error):
            process.send_signal(number)


def _cpu_s(usage: resource.struct_rusage) -> float:
    return usage.ru_utime + usage.ru_stime
