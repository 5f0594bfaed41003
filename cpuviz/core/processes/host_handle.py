"""The app's side of one child process it runs work in: a worker host, or the cluster driver.

What the child has said on its pipe (up, prepared, the cluster it sees or lost), read without
blocking, and how to send it commands that may find it gone.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

import psutil

from cpuviz.core.runs.cluster_messages import ClusterLost, ClusterView, ScaleCluster
from cpuviz.core.runs.messages import HostReady, LoadCode, Prepared
from cpuviz.core.work.workloads import Workload


@dataclass(slots=True)
class HostHandle:
    index: int
    process: BaseProcess
    commands: Connection
    spawned_at_s: float = 0.0  # time.monotonic() as it was started
    pid: int | None = field(default=None)
    serial_chunk_s: dict[Workload, float] | None = field(default=None)  # host 0's probe
    up_at_s: float | None = field(default=None)  # when it could take work (HostReady)
    preparing: bool = field(default=False)  # asked to load code or scale: not ready until done
    cluster: ClusterView | None = field(default=None)  # the cluster driver's latest view
    lost: str | None = field(default=None)  # why the cluster driver gave up

    @property
    def startup_s(self) -> float | None:
        """How long the process took from being started to taking work, once it is up."""
        return None if self.up_at_s is None else self.up_at_s - self.spawned_at_s

    def is_ready(self) -> bool:
        """Has the host said it is up, and done what it was asked before the next run? Reads
        its pipe without blocking."""
        self.read_replies()
        return self.pid is not None and not self.preparing

    def read_replies(self) -> None:
        with contextlib.suppress(EOFError, OSError):  # a host that died says nothing more
            while self.commands.poll():
                match self.commands.recv():
                    case HostReady() as message:
                        self.pid = message.pid
                        self.serial_chunk_s = message.serial_chunk_s
                        self.up_at_s = message.up_at_s
                    case Prepared():
                        self.preparing = False
                    case ClusterView() as view:
                        self.cluster = view
                    case ClusterLost(reason=reason):
                        self.lost = reason

    def send(self, command: object) -> None:
        """Send, or do nothing if the host is gone (which is what Cancel and Shutdown want)."""
        with contextlib.suppress(OSError):
            self.commands.send(command)

    def prepare(self, command: LoadCode | ScaleCluster) -> None:
        """Ask for something to be done before the next run: not ready until it says so."""
        self.preparing = True
        try:
            self.commands.send(command)
        except OSError:  # a dead host: replaced, and told again, before the next run
            self.preparing = False


def kill_with_children(process: BaseProcess) -> None:
    """Kill a host and whatever it started (the cluster driver starts Dask's workers), at once."""
    with contextlib.suppress(psutil.Error, ValueError):  # ValueError: never started
        for child in psutil.Process(process.pid).children(recursive=True):
            child.kill()
    process.kill()
