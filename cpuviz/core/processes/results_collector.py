"""What process mode hides: results crossing from the worker processes to the main program.

A thread or a task leaves its result in memory the program already shares; a worker process
must pickle it and send it through a pipe, and the main program must unpickle it, as every
process pool does. Here the main program's side is a small process of its own, the collector:
in process mode each worker connects to it and ships every chunk's result, and the collector
receives and unpickles them, adding up the time the unpickling took (the sending side,
pickling and pushing the bytes through, is timed by the worker). Not the window's process:
megabytes a second of results would otherwise take its GIL from the painting, and the work
never runs there.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
import tempfile
import threading
import time
from multiprocessing import AuthenticationError
from multiprocessing.connection import Client, Connection, Listener
from multiprocessing.context import SpawnContext
from multiprocessing.process import current_process

from cpuviz.core.system.orphans import exit_with_parent

CONNECT_TRIES = 100  # the collector may still be starting when a worker first ships
CONNECT_PAUSE_S = 0.05
# The collector answers in microseconds (a busy machine's scheduling makes that milliseconds);
# this is for one that hangs, which then costs every processes run this long at its start and
# again at its end.
TAKE_TIMEOUT_S = 2.0
TAKE = "take"
STOP = "stop"


def collector_address() -> str:
    """A fresh local address, never a network port: on Linux an abstract Unix socket (no
    file to leave behind, whatever ends the app), on Windows a named pipe, elsewhere a Unix
    socket in a private folder. Only processes that know this app's key get past it."""
    name = f"cpuviz-results-{os.getpid()}-{time.monotonic_ns()}"
    if sys.platform.startswith("linux"):
        return "\0" + name
    if sys.platform == "win32":
        return rf"\\.\pipe\{name}"
    return os.path.join(tempfile.mkdtemp(prefix="cpuviz-"), "results")


class ResultsCollector:
    """The main program's side of process mode, in a process of its own; the pool asks it
    what unpickling the shipped results cost."""

    def __init__(self, context: SpawnContext) -> None:
        self.address = collector_address()
        self._context = context
        self._start()

    def _start(self) -> None:
        ours, theirs = self._context.Pipe()
        self._control = ours
        self._process = self._context.Process(
            target=_collect, args=(self.address, theirs), name="cpuviz-results", daemon=True
        )
        self._process.start()
        theirs.close()

    def start_again_if_gone(self) -> bool:
        """A collector that died (killed, out of memory) is started again at the same address,
        so the hosts, which know only that address, can ship the next run's results; without
        it every later processes run would fail. True if it had to."""
        if self._process.is_alive():
            return False
        self._control.close()
        self._start()
        return True

    def take_unpickling_s(self) -> float:
        """Seconds spent unpickling since the last take (a run's share, taken at its end). A
        collector that does not answer within TAKE_TIMEOUT_S (stopped, hung) counts as nothing;
        its late answer is dropped at the next take, never read as that take's."""
        try:
            while self._control.poll():
                self._control.recv()  # a late answer to an earlier take
            self._control.send(TAKE)
            return self._control.recv() if self._control.poll(TAKE_TIMEOUT_S) else 0.0
        except (EOFError, OSError):  # the collector is gone: nothing was received
            return 0.0

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self._control.send(STOP)
        self._process.join(timeout=1.0)
        if self._process.exitcode is None:
            self._process.kill()
            self._process.join(timeout=1.0)
        self._control.close()
        if os.path.isabs(self.address):  # the private folder's socket (not Linux, Windows)
            for remove, path in (
                (os.unlink, self.address),
                (os.rmdir, os.path.dirname(self.address)),
            ):
                with contextlib.suppress(OSError):
                    remove(path)


def ship_to(address: str) -> Connection:
    """A worker's connection to the collector, made when it first ships."""
    for _ in range(CONNECT_TRIES):
        try:
            return Client(address, authkey=current_process().authkey)
        except (FileNotFoundError, ConnectionRefusedError):
            time.sleep(CONNECT_PAUSE_S)
    return Client(address, authkey=current_process().authkey)


def _collect(address: str, control: Connection) -> None:
    """The collector: accept workers, receive what they ship, answer the pool, until told."""
    exit_with_parent()
    if os.path.isabs(address):  # a socket file a collector that died left behind
        with contextlib.suppress(FileNotFoundError):
            os.unlink(address)
    listener = Listener(address, authkey=current_process().authkey)
    spent = _Spent()
    threading.Thread(target=_accept, args=(listener, spent), daemon=True).start()
    while True:
        try:
            request = control.recv()
        except (EOFError, OSError):
            request = STOP
        if request == STOP:
            os._exit(0)  # readers may be mid-message: no need to wait for them
        control.send(spent.take())


class _Spent:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._seconds = 0.0

    def add(self, seconds: float) -> None:
        with self._lock:
            self._seconds += seconds

    def take(self) -> float:
        with self._lock:
            seconds, self._seconds = self._seconds, 0.0
        return seconds


def _accept(listener: Listener, spent: _Spent) -> None:
    while True:
        try:
            connection = listener.accept()
        except (OSError, AuthenticationError):  # a caller without the key: keep listening
            continue
        threading.Thread(target=_receive, args=(connection, spent), daemon=True).start()


def _receive(connection: Connection, spent: _Spent) -> None:
    """One worker's results, until it goes; each unpickled, as the main program must."""
    while True:
        try:
            payload = connection.recv_bytes()
        except (EOFError, OSError):
            connection.close()
            return
        started_s = time.perf_counter()
        pickle.loads(payload)
        spent.add(time.perf_counter() - started_s)
