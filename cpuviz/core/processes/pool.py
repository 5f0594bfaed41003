"""The long-lived worker hosts and the Manager queue they report on.

Started before the user presses Start, so the cores light up the moment a run is dispatched.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import time
from dataclasses import replace
from multiprocessing import resource_tracker
from multiprocessing.managers import SyncManager
from queue import Queue

import psutil

from cpuviz.core.cluster.tasks import chunks_per_task
from cpuviz.core.processes.cluster_process import ClusterProcess
from cpuviz.core.processes.host import host_main
from cpuviz.core.processes.host_handle import HostHandle, kill_with_children
from cpuviz.core.processes.other_python import OtherPythonProcess
from cpuviz.core.processes.results_collector import ResultsCollector
from cpuviz.core.runs.cluster_messages import ClusterView
from cpuviz.core.runs.cluster_target import ClusterTarget
from cpuviz.core.runs.events import DeadWorker
from cpuviz.core.runs.messages import (
    Assignment,
    Cancel,
    Fault,
    LoadCode,
    SetSwitchInterval,
    Shutdown,
)
from cpuviz.core.runs.plan import ITERATIONS_PER_CHUNK, Mode, RunPlan
from cpuviz.core.runs.results import HiddenCosts
from cpuviz.core.runs.switch_interval import PYTHONS_OWN, SwitchInterval
from cpuviz.core.system.orphans import exit_with_parent
from cpuviz.core.system.pythons import PythonInfo, is_this_python
from cpuviz.core.work.user_code import UserCode
from cpuviz.core.work.workloads import Workload

# spawn, not fork: forking a process that runs Qt threads can deadlock the child, and spawn
# behaves the same on Linux, macOS and Windows.
START_METHOD = "spawn"
# The resource tracker's warning about semaphores it unlinks at exit (see below).
QUIET_TRACKER = "ignore:resource_tracker:UserWarning"


class HostStartError(RuntimeError):
    """A worker host died before it could take work; the message says where and how."""


class WorkerPool:
    """Owns the Manager, its event queue and the worker host processes.

    The Manager queue (rather than a multiprocessing.Queue) is deliberate: each process talks to
    it over its own connection, so a worker killed halfway through a put cannot leave a shared
    pipe lock held and hang everyone else.

    `python`: the Python the hosts run on (probed), None for the window's own. Only the hosts
    move there; the Manager, the results collector and the cluster driver stay on this one.
    """

    def __init__(self, python: PythonInfo | None = None) -> None:
        self.python = None if is_this_python(python) else python
        _start_quiet_resource_tracker()
        self._context = multiprocessing.get_context(START_METHOD)
        # On a Unix socket (the default family here) with this process's random authkey: the
        # Manager never listens on the network.
        self._manager = SyncManager(ctx=self._context)
        self._manager.start(initializer=exit_with_parent)
        self.events: Queue = self._manager.Queue()
        self._hosts: list[HostHandle] = []
        self._cluster = ClusterProcess(self._context, self.events)  # once cluster mode is chosen
        self._busy: list[tuple[HostHandle, tuple[int, ...]]] = []
        self._switch_interval = PYTHONS_OWN
        self._code: UserCode | None = None  # the user's file every host imports ahead
        self._collector = ResultsCollector(self._context)  # where process mode ships results
        self._run_startup_s: float | None = None

    # --- hosts --------------------------------------------------------------------------------

    def ensure_hosts(self, count: int) -> None:
        """Start hosts until there are `count`; extra idle hosts are kept for a quick switch."""
        while len(self._hosts) < count:
            self._hosts.append(self._spawn(len(self._hosts)))

    def _spawn(self, index: int) -> HostHandle:
        parent_end, child_end = self._context.Pipe()
        host_kind = self._context.Process if self.python is None else OtherPythonProcess
        process = host_kind(
            target=host_main,
            args=(index, child_end, self.events, self._collector.address),
            name=f"cpuviz-host-{index}",
            daemon=True,
        )
        if self.python is not None:
            process.python = self.python
        spawned_at_s = time.monotonic()
        process.start()
        child_end.close()
        host = HostHandle(index, process, parent_end, spawned_at_s)
        if not self._switch_interval.is_pythons_own:  # a new host slows down like the others
            host.send(SetSwitchInterval(self._switch_interval))
        if self._code is not None:
            host.prepare(LoadCode(self._code))
        return host

    def load_code(self, code: UserCode) -> None:
        """Have every host (and any started later) import the user's file before it runs it:
        the hosts are not ready() until they have. A file imported before is imported again
        only if it has changed."""
        self._code = code
        for host in self._all_hosts():
            host.prepare(LoadCode(code))

    def _all_hosts(self) -> list[HostHandle]:
        driver = self._cluster.driver
        return self._hosts + ([driver] if driver is not None else [])

    def set_switch_interval(self, interval: SwitchInterval) -> None:
        """Every host's switch interval, now and for hosts started later."""
        self._switch_interval = interval
        for host in self._hosts:
            host.send(SetSwitchInterval(interval))

    @property
    def host_count(self) -> int:
        return len(self._hosts)

    def ready(self) -> bool:
        """True once every host has finished importing and waits for work. Never blocks."""
        return all(host.is_ready() or host.lost is not None for host in self._all_hosts())

    # --- the cluster --------------------------------------------------------------------------

    def use_cluster(
        self, target: ClusterTarget, workers: int, sample_interval_s: float | None = None
    ) -> bool:
        """Start the cluster driver, or rescale the app's own cluster to `workers`, so that a
        cluster run starts at once; True if either was needed. `sample_interval_s`: how often
        to read other machines' cores (None: never, as the bench needs none)."""
        return self._cluster.use(target, workers, sample_interval_s, self._code)

    def cluster_view(self) -> ClusterView | None:
        """The cluster as the driver last described it, or None before it is up."""
        return self._cluster.view()

    def cluster_lost(self) -> str | None:
        """Why the cluster cannot be used (never reached, or its driver died), or None."""
        return self._cluster.lost()

    @property
    def serial_chunk_s(self) -> dict[Workload, float] | None:
        """Host 0's probe: how long a chunk of each workload takes serially here."""
        return self._hosts[0].serial_chunk_s if self._hosts else None

    def made_concrete(self, plan: RunPlan) -> RunPlan:
        """The plan as it will run: "≈ N s of serial work" as chunks by host 0's probe of this
        machine, and a cluster run with a lane for every task the cluster runs at once."""
        probe, size = self.serial_chunk_s, plan.size
        if size.serial_s is not None and probe is not None:
            size = size.in_chunks_of(probe[plan.workload])
        view = self.cluster_view() if plan.mode is Mode.CLUSTER else None
        workers = view.threads if view is not None and view.threads else plan.workers
        return replace(plan, size=size, workers=workers)

    def wait_ready(self, timeout_s: float = 30.0) -> None:
        """Until every host is up; a host that exits first (say, a Python that starts for a
        probe but not as a worker) is HostStartError at once, not a wait for the deadline."""
        deadline = time.monotonic() + timeout_s
        while not self.ready():
            if (failure := self._start_failure()) is not None:
                raise HostStartError(failure)
            if time.monotonic() > deadline:
                raise TimeoutError("worker processes did not start in time")
            time.sleep(0.01)

    def _start_failure(self) -> str | None:
        for host in self._hosts:
            code = host.process.exitcode
            if code is not None and not host.is_ready():
                where = f" on {self.python.path}" if self.python is not None else ""
                return f"a worker host{where} exited as it started (exit status {code})"
        return None

    def host_pids(self) -> list[int]:
        return [host.process.pid for host in self._hosts if host.process.pid is not None]

    def child_pids(self) -> list[int]:
        """Every process the pool started, the cluster driver's workers included."""
        pids = self.host_pids()
        driver = self._cluster.driver
        if driver is not None and driver.process.pid is not None:
            with contextlib.suppress(psutil.Error):
                process = psutil.Process(driver.process.pid)
                pids += [process.pid, *(child.pid for child in process.children(recursive=True))]
        return pids

    # --- runs ---------------------------------------------------------------------------------

    def dispatch(self, plan: RunPlan, fault: Fault = Fault.NONE) -> float:
        """Hand the plan's workers to the hosts; returns the dispatch time (time.monotonic())."""
        assignments = plan.host_assignments()
        if plan.mode is Mode.CLUSTER:
            if self._cluster.driver is None:
                raise RuntimeError("use_cluster() before a cluster run")
            hosts = [self._cluster.driver]
        else:
            self.ensure_hosts(len(assignments))
            hosts = self._hosts[: len(assignments)]
        if plan.mode is Mode.PROCESSES:
            self._collector.start_again_if_gone()
        self._collector.take_unpickling_s()  # what an earlier run left is not this run's
        startups = [host.startup_s for host in hosts if host.startup_s is not None]
        known = plan.mode is Mode.PROCESSES and len(startups) == len(hosts)
        self._run_startup_s = max(startups) if known else None
        dispatched_at_s = time.monotonic()
        seconds = plan.size.seconds
        deadline_s = None if seconds is None else dispatched_at_s + seconds
        self._busy = []
        for host, worker_ids in zip(hosts, assignments, strict=True):
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
                    chunks_per_task=self._chunks_per_task(plan),
                )
            )
            self._busy.append((host, worker_ids))
        return dispatched_at_s

    def _chunks_per_task(self, plan: RunPlan) -> int:
        """Cluster mode: a built-in workload's chunks in tasks of ~0.1 s (by host 0's probe);
        the user's function one call per task, as its chunks are whatever it makes them."""
        probe = self.serial_chunk_s
        if plan.mode is not Mode.CLUSTER or plan.code is not None or probe is None:
            return 1
        chunk_s = probe[plan.workload]  # of ITERATIONS_PER_CHUNK steps
        return chunks_per_task(chunk_s * plan.size.iterations_per_chunk / ITERATIONS_PER_CHUNK)

    def cancel(self, run_id: int) -> None:
        """Ask every busy host to stop; workers notice within one chunk (~20 ms)."""
        for host, _ in self._busy:
            host.send(Cancel(run_id))

    def run_ended(self) -> None:
        self._busy = []

    def hidden_costs(self) -> HiddenCosts:
        """What the run just ended cost beyond its time, in process mode: how long its
        worker processes took to start (before the run, so not in it), and the seconds the
        app spent unpickling the results they shipped."""
        return HiddenCosts(self._run_startup_s, self._collector.take_unpickling_s())

    def dead_workers(self) -> list[DeadWorker]:
        """Hosts of the current run that have exited, e.g. killed by the OOM killer or by -9."""
        dead = []
        for host, worker_ids in self._busy:
            process = host.process
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
        for host, _ in self._busy:
            kill_with_children(host.process)
        for host, _ in self._busy:
            host.process.join(timeout=1.0)
        self._busy = []

    # --- shutdown -----------------------------------------------------------------------------

    def shutdown(self, grace_s: float = 1.0) -> None:
        """Stop every host and the Manager; whatever does not leave within the grace is killed."""
        self._cluster.stop()
        for host in self._hosts:
            host.send(Shutdown())
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


def _start_quiet_resource_tracker() -> None:
    """Start multiprocessing's resource tracker (every child of the app shares it) unable to
    warn of "leaked semaphore objects" when the app exits.

    Dask's nanny (cluster mode) leaves its semaphores to the tracker, which unlinks them at exit,
    as it should, and then says so on the terminal: a line that alarms and means nothing. Only
    the tracker's own environment gets the filter, and only if this starts it.
    """
    previous = os.environ.get("PYTHONWARNINGS")
    os.environ["PYTHONWARNINGS"] = QUIET_TRACKER
    try:
        resource_tracker.ensure_running()
    finally:
        if previous is None:
            del os.environ["PYTHONWARNINGS"]
        else:
            os.environ["PYTHONWARNINGS"] = previous
