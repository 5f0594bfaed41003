"""The long-lived worker hosts and the Manager queue they report on.

Started before the user presses Start, so the cores light up the moment a run is dispatched.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.managers import SyncManager
from multiprocessing.process import BaseProcess
from queue import Queue

from cpuviz.core.host import host_main
from cpuviz.core.messages import (
    Assignment,
    Cancel,
    CodeLoaded,
    Fault,
    HostReady,
    LoadCode,
    SetSwitchInterval,
    Shutdown,
)
from cpuviz.core.orphans import exit_with_parent
from cpuviz.core.plan import Mode, RunPlan, WorkSize
from cpuviz.core.shipped import ResultsCollector
from cpuviz.core.user_code import UserCode
from cpuviz.core.workloads import Workload

# spawn, not fork: forking a process that runs Qt threads can deadlock the child, and spawn
# behaves the same on Linux, macOS and Windows.
START_METHOD = "spawn"


@dataclass(slots=True)
class _Host:
    index: int
    process: BaseProcess
    commands: Connection
    spawned_at_s: float = 0.0  # time.monotonic() as it was started
    pid: int | None = field(default=None)
    serial_chunk_s: tuple[float, ...] | None = field(default=None)
    up_at_s: float | None = field(default=None)  # when it could take work (HostReady)
    loading_code: bool = field(default=False)

    @property
    def startup_s(self) -> float | None:
        """How long the process took from being started to taking work, once it is up."""
        return None if self.up_at_s is None else self.up_at_s - self.spawned_at_s

    def is_ready(self) -> bool:
        """Has the host said it is up, and imported the user's file if asked? Reads its pipe
        without blocking."""
        while (self.pid is None or self.loading_code) and self.commands.poll():
            match self.commands.recv():
                case HostReady() as message:
                    self.pid = message.pid
                    self.serial_chunk_s = message.serial_chunk_s
                    self.up_at_s = message.up_at_s
                case CodeLoaded():
                    self.loading_code = False
        return self.pid is not None and not self.loading_code


@dataclass(frozen=True, slots=True)
class DeadWorker:
    """A host that exited while it should have been working, and the workers it took along."""

    worker_ids: tuple[int, ...]
    pid: int | None
    exitcode: int


class WorkerPool:
    """Owns the Manager, its event queue and the worker host processes.

    The Manager queue (rather than a multiprocessing.Queue) is deliberate: each process talks to
    it over its own connection, so a worker killed halfway through a put cannot leave a shared
    pipe lock held and hang everyone else.
    """

    def __init__(self) -> None:
        self._context = multiprocessing.get_context(START_METHOD)
        # On a Unix socket (the default family here) with this process's random authkey: the
        # Manager never listens on the network.
        self._manager = SyncManager(ctx=self._context)
        self._manager.start(initializer=exit_with_parent)
        self.events: Queue = self._manager.Queue()
        self._hosts: list[_Host] = []
        self._busy_hosts: dict[int, tuple[int, ...]] = {}
        self._switch_interval_s: float | None = None  # None: Python's own
        self._code: UserCode | None = None  # the user's file every host imports ahead
        self._collector = ResultsCollector(self._context)  # where process mode ships results
        self._run_startup_s: float | None = None

    # --- hosts --------------------------------------------------------------------------------

    def ensure_hosts(self, count: int) -> None:
        """Start hosts until there are `count`; extra idle hosts are kept for a quick switch."""
        while len(self._hosts) < count:
            self._hosts.append(self._spawn(len(self._hosts)))

    def _spawn(self, index: int) -> _Host:
        parent_end, child_end = self._context.Pipe()
        process = self._context.Process(
            target=host_main,
            args=(index, child_end, self.events, self._collector.address),
            name=f"cpuviz-host-{index}",
            daemon=True,
        )
        spawned_at_s = time.monotonic()
        process.start()
        child_end.close()
        host = _Host(index, process, parent_end, spawned_at_s)
        if self._switch_interval_s is not None:  # a new host slows down like the others
            self._send_quietly(host, SetSwitchInterval(self._switch_interval_s))
        if self._code is not None:
            self._load_code(host, self._code)
        return host

    def load_code(self, code: UserCode) -> None:
        """Have every host (and any started later) import the user's file before it runs it:
        the hosts are not ready() until they have. A file imported before is imported again
        only if it has changed."""
        self._code = code
        for host in self._hosts:
            self._load_code(host, code)

    def _load_code(self, host: _Host, code: UserCode) -> None:
        host.loading_code = True
        try:
            host.commands.send(LoadCode(code))
        except OSError:  # a dead host: replaced, and told again, before the next run
            host.loading_code = False

    def set_switch_interval(self, seconds: float) -> None:
        """Every host's switch interval, now and for hosts started later."""
        self._switch_interval_s = seconds
        for host in self._hosts:
            self._send_quietly(host, SetSwitchInterval(seconds))

    @property
    def host_count(self) -> int:
        return len(self._hosts)

    def ready(self) -> bool:
        """True once every host has finished importing and waits for work. Never blocks."""
        return all(host.is_ready() for host in self._hosts)

    @property
    def serial_chunk_s(self) -> tuple[float, ...] | None:
        """Host 0's probe: how long a chunk of each workload takes serially here."""
        return self._hosts[0].serial_chunk_s if self._hosts else None

    def made_concrete(self, size: WorkSize, workload: Workload) -> WorkSize:
        """`size` as chunks: "≈ N s of serial work" by host 0's probe of this machine."""
        probe = self.serial_chunk_s
        if size.serial_s is None or probe is None:
            return size
        return size.in_chunks_of(probe[list(Workload).index(workload)])

    def wait_ready(self, timeout_s: float = 30.0) -> None:
        deadline = time.monotonic() + timeout_s
        while not self.ready():
            if time.monotonic() > deadline:
                raise TimeoutError("worker processes did not start in time")
            time.sleep(0.01)

    def host_pids(self) -> list[int]:
        return [host.process.pid for host in self._hosts if host.process.pid is not None]

    # --- runs ---------------------------------------------------------------------------------

    def dispatch(self, plan: RunPlan, fault: Fault = Fault.NONE) -> float:
        """Hand the plan's workers to the hosts; returns the dispatch time (time.monotonic())."""
        assignments = plan.host_assignments()
        self.ensure_hosts(len(assignments))
        self._collector.take_unpickling_s()  # what an earlier run left is not this run's
        hosts = self._hosts[: len(assignments)]
        startups = [host.startup_s for host in hosts if host.startup_s is not None]
        known = plan.mode is Mode.PROCESSES and len(startups) == len(hosts)
        self._run_startup_s = max(startups) if known else None
        dispatched_at_s = time.monotonic()
        seconds = plan.size.seconds
        deadline_s = None if seconds is None else dispatched_at_s + seconds
        self._busy_hosts = {}
        for host, worker_ids in zip(self._hosts, assignments, strict=False):
            host.commands.send(
                Assignment(
                    run_id=plan.run_id,
                    worker_ids=worker_ids,
                    worker_count=plan.worker_count,
                    chunks=plan.size.chunks,
                    iterations_per_chunk=plan.size.iterations_per_chunk,
                    mode=plan.mode,
                    workload=plan.workload,
                    fault=fault,
                    deadline_s=deadline_s,
                    code=plan.code,
                )
            )
            self._busy_hosts[host.index] = worker_ids
        return dispatched_at_s

    def cancel(self, run_id: int) -> None:
        """Ask every busy host to stop; workers notice within one chunk (~20 ms)."""
        for index in self._busy_hosts:
            self._send_quietly(self._hosts[index], Cancel(run_id))

    def run_ended(self) -> None:
        self._busy_hosts = {}

    def hidden_costs(self) -> tuple[float | None, float]:
        """What the run just ended cost beyond its time, in process mode: how long its
        worker processes took to start (before the run, so not in it), and the seconds the
        app spent unpickling the results they shipped."""
        return self._run_startup_s, self._collector.take_unpickling_s()

    def dead_workers(self) -> list[DeadWorker]:
        """Hosts of the current run that have exited, e.g. killed by the OOM killer or by -9."""
        dead = []
        for index, worker_ids in self._busy_hosts.items():
            process = self._hosts[index].process
            if process.exitcode is not None:
                dead.append(DeadWorker(worker_ids, process.pid, process.exitcode))
        return dead

    def replace_dead_hosts(self) -> int:
        """Respawn every host that has exited, so the next run finds a full pool; how many."""
        replaced = 0
        for position, host in enumerate(self._hosts):
            if host.process.exitcode is not None:
                host.commands.close()
                self._hosts[position] = self._spawn(host.index)
                replaced += 1
        return replaced

    def terminate_busy_hosts(self) -> None:
        """Kill hosts that did not stop when asked; they are replaced by replace_dead_hosts."""
        for index in self._busy_hosts:
            self._hosts[index].process.kill()
        for index in self._busy_hosts:
            self._hosts[index].process.join(timeout=1.0)
        self._busy_hosts = {}

    # --- shutdown -----------------------------------------------------------------------------

    def shutdown(self, grace_s: float = 1.0) -> None:
        """Stop every host and the Manager; whatever does not leave within the grace is killed."""
        for host in self._hosts:
            self._send_quietly(host, Shutdown())
        deadline = time.monotonic() + grace_s
        for host in self._hosts:
            host.process.join(timeout=max(0.0, deadline - time.monotonic()))
            if host.process.exitcode is None:
                host.process.kill()
                host.process.join(timeout=1.0)
            host.commands.close()
        self._hosts = []
        self._collector.stop()
        self._manager.shutdown()

    @staticmethod
    def _send_quietly(host: _Host, command: Cancel | Shutdown) -> None:
        with contextlib.suppress(OSError):  # the host is already gone, which is what we wanted
            host.commands.send(command)
