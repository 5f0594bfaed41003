"""What process mode hides: results crossing from the worker processes back to the app.

A thread or a task leaves its result in memory the program already shares; a worker process
must pickle it and send it through a pipe, and the app must unpickle it, as every process
pool does. In process mode each worker ships every chunk's result here; the app's side
receives and unpickles them on a thread of its own and adds up the time that unpickling took
(the sending side, pickling and pushing the bytes through, is timed by the worker).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import pickle
import threading
import time
from multiprocessing.connection import Connection, wait


class ResultsDrain:
    """Receives the results shipped on any number of pipes, until stopped. It sleeps until
    one has something (or a pipe is added, or it is stopped): an idle app pays nothing."""

    def __init__(self) -> None:
        self._pipes: list[Connection] = []
        self._lock = threading.Lock()
        self._unpickling_s = 0.0
        self._stopping = False
        self._wake_read, self._wake_write = multiprocessing.Pipe(duplex=False)
        self._thread: threading.Thread | None = None

    def add(self, pipe: Connection) -> None:
        """Receive from this pipe too (a host's read end); started on the first."""
        with self._lock:
            self._pipes.append(pipe)
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="cpuviz-results", daemon=True)
            self._thread.start()
        else:
            self._wake()

    def take_unpickling_s(self) -> float:
        """Seconds spent unpickling since the last take (a run's share, taken at its end)."""
        with self._lock:
            spent, self._unpickling_s = self._unpickling_s, 0.0
        return spent

    def stop(self) -> None:
        self._stopping = True
        self._wake()
        if self._thread is not None:
            self._thread.join(timeout=2.0)

    def _wake(self) -> None:
        with contextlib.suppress(OSError):
            self._wake_write.send_bytes(b"")

    def _run(self) -> None:
        while not self._stopping:
            with self._lock:
                pipes = list(self._pipes)
            for ready in wait([self._wake_read, *pipes]):
                if ready is self._wake_read:
                    self._wake_read.recv_bytes()
                else:
                    self._receive(ready)

    def _receive(self, pipe: Connection) -> None:
        try:
            payload = pipe.recv_bytes()
        except (EOFError, OSError):  # the host has gone (stopped, killed or replaced)
            with self._lock:
                self._pipes.remove(pipe)
            pipe.close()
            return
        started_s = time.perf_counter()
        pickle.loads(payload)  # what the app must do to use the result
        spent_s = time.perf_counter() - started_s
        with self._lock:
            self._unpickling_s += spent_s
