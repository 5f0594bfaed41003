"""The cluster driver: a child process of the app that owns the Dask client and, unless the user
named a scheduler, a LocalCluster of the app's own.

It speaks the worker hosts' protocol (an Assignment or Cancel in on its pipe, run events out on
the Manager queue), so the controller, the bench and recordings treat a cluster run like any
other. Dask is imported here only: the window starts as fast with the extra as without it, and
task results are unpickled in this process, never in the one that paints.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import threading
import time
from multiprocessing.connection import Connection
from typing import Any, NoReturn

import psutil

from cpuviz.core.cluster.task_run import SCHEDULER_LOST_AFTER_S, ClusterRun, Removals
from cpuviz.core.cluster.tasks import (
    MachineReading,
    import_code,
    machine_identity,
    read_cores,
    read_machine,
    welcome,
)
from cpuviz.core.runs.cluster_messages import (
    ClusterHost,
    ClusterLost,
    ClusterView,
    ClusterWorker,
    HostCores,
    ScaleCluster,
)
from cpuviz.core.runs.cluster_target import ClusterTarget
from cpuviz.core.runs.events import send_event
from cpuviz.core.runs.messages import (
    Assignment,
    Cancel,
    HostReady,
    LoadCode,
    Prepared,
    SetSwitchInterval,
    Shutdown,
)
from cpuviz.core.system.orphans import exit_with_parent, next_command
from cpuviz.core.work.user_code import UserCode, failure_line

# The driver's place among the hosts: it is none of the numbered ones.
DRIVER = -1
# Connecting to a scheduler, and then waiting for its first worker, give up after this.
CONNECT_TIMEOUT_S = 3.0
# Starting (or adding) worker processes of the app's own cluster.
SCALE_TIMEOUT_S = 60.0
CLOSE_TIMEOUT_S = 5.0
# The app's own cluster, tuned for short pure-Python tasks on few cores: each worker gets its
# next tasks while it runs one (no round trip in between), and no profiler thread takes the
# GIL from the task every 10 ms.
LOCAL_CLUSTER_CONFIG = {
    "distributed.scheduler.worker-saturation": "inf",
    "distributed.worker.profile.enabled": False,
}


class ClusterSession:
    """The client, the cluster it talks to, and what is known of the cluster's machines."""

    def __init__(self, target: ClusterTarget, workers: int) -> None:
        import dask  # noqa: PLC0415 - the optional extra, imported in this process only
        import distributed  # noqa: PLC0415

        logging.getLogger("distributed").setLevel(logging.CRITICAL)  # failures are reported
        self.target = target
        self._cluster: Any = None
        self._run: threading.Thread | None = None
        self._closing = False
        if target.scheduler is None:
            # Loopback only, no dashboard: nothing of the app's cluster listens on the network.
            with dask.config.set(LOCAL_CLUSTER_CONFIG):
                self._cluster = distributed.LocalCluster(
                    n_workers=workers,
                    threads_per_worker=1,
                    processes=True,
                    host="127.0.0.1",
                    dashboard_address=None,
                    # Its small web server (health, metrics) on a free port of loopback, not
                    # Dask's usual 8787, which another Dask on this machine may hold.
                    scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
                    silence_logs=logging.CRITICAL,
                )
            self.client: Any = distributed.Client(self._cluster, timeout=CONNECT_TIMEOUT_S)
        else:
            self.client = distributed.Client(target.scheduler, timeout=CONNECT_TIMEOUT_S)
            self.client.wait_for_workers(1, timeout=CONNECT_TIMEOUT_S)
        self.prefix = f"cpuviz-{os.getpid()}-{time.time_ns():x}"
        self.removals: Removals = queue.SimpleQueue()
        self.membership_changed = threading.Event()
        self.names: dict[str, str] = {}  # worker address -> the name the room reads
        self._present: set[str] = set()  # the workers' addresses, as of the latest view
        self._machines: dict[str, MachineReading] = {}
        self._this_machine = machine_identity()
        self.client.subscribe_topic("all", self._on_scheduler_event)
        self._welcome_workers()
        self.latest_view = self.view()

    def _on_scheduler_event(self, event: tuple[float, dict[str, Any]]) -> None:
        """Runs on the client's event loop: workers come and go."""
        _, message = event
        action = message.get("action") if isinstance(message, dict) else None
        if action == "remove-worker":
            keys = tuple(str(key) for key in message.get("processing-tasks", ()))
            self.removals.put((str(message.get("worker")), keys))
        if action in ("add-worker", "remove-worker"):
            self.membership_changed.set()

    def _welcome_workers(self) -> None:
        with contextlib.suppress(Exception):  # a worker that leaves meanwhile needs no welcome
            self.client.run(welcome, self._cluster is not None)

    def view(self) -> ClusterView:
        """Who is in the cluster now, machine by machine (each new worker is asked which)."""
        workers = self.client.scheduler_info()["workers"]
        unknown = [address for address in workers if address not in self._machines]
        if unknown:
            with contextlib.suppress(Exception):  # a worker that just left is asked next time
                self._machines.update(self.client.run(read_machine, workers=unknown))
        # Kept, never replaced: a run under way names the workers that join it, and the ones
        # that left (its re-runs say whose tasks they were).
        self.names.update(
            (address, str(info.get("name", address))) for address, info in workers.items()
        )
        self._present = set(workers)
        members = [
            ClusterWorker(self.names[address], self._machines[address].name, info["nthreads"])
            for address, info in sorted(workers.items(), key=lambda item: str(item[1]["name"]))
            if address in self._machines
        ]
        self.latest_view = ClusterView(
            scheduler=self.client.scheduler.address,
            embedded=self._cluster is not None,
            workers=tuple(members),
            hosts=self._hosts(workers),
        )
        return self.latest_view

    def _hosts(self, workers: dict[str, Any]) -> tuple[ClusterHost, ...]:
        machines: dict[str, list[str]] = {}
        for address in workers:
            if address in self._machines:
                machines.setdefault(self._machines[address].machine, []).append(address)
        hosts = []
        for machine, addresses in machines.items():
            reading = self._machines[addresses[0]]
            this_machine = machine == self._this_machine
            hosts.append(ClusterHost(reading.name, reading.cores, len(addresses), this_machine))
        return tuple(sorted(hosts, key=lambda host: (not host.this_machine, host.name)))

    def sample_other_machines(self) -> list[HostCores]:
        """Per-core load of every worker machine but this one (whose cores the app reads
        itself), from psutil on one worker of each."""
        readers: dict[str, str] = {}
        for address, reading in self._machines.items():
            if reading.machine != self._this_machine and address in self._present:
                readers.setdefault(reading.machine, address)
        if not readers:
            return []
        cores = self.client.run(read_cores, workers=list(readers.values()))
        now_s = time.monotonic()
        return [
            HostCores(self._machines[address].name, tuple(loads), now_s)
            for address, loads in cores.items()
        ]

    def scale(self, workers: int) -> None:
        """The app's own cluster only: a user's cluster has the workers its owner gave it."""
        if self._cluster is None:
            return
        self._cluster.scale(workers)
        deadline_s = time.monotonic() + SCALE_TIMEOUT_S
        while len(self.client.scheduler_info()["workers"]) != workers:
            if time.monotonic() > deadline_s:
                raise TimeoutError(f"the local Dask cluster did not reach {workers} workers")
            time.sleep(0.05)
        self._welcome_workers()

    def load_code(self, code: UserCode) -> None:
        """Put the user's file on every worker (Dask ships it to other machines) and import
        it there, before the run's clock starts."""
        # A file that fails to import fails the run, which says why.
        with contextlib.suppress(Exception):
            if self._cluster is None:
                self.client.upload_file(code.path)
            self.client.run(import_code, code)

    def start_run(self, assignment: Assignment, events: Any, cancel: threading.Event) -> None:
        names, removals, prefix = self.names, self.removals, self.prefix
        run = ClusterRun(
            self.client, assignment, events=events, names=names, removals=removals, prefix=prefix
        )
        self._run = threading.Thread(target=run.run, args=(cancel,), name="cpuviz-cluster-run")
        self._run.start()

    def wait_for_run(self, timeout_s: float) -> None:
        """Let a run under way end by itself: a run that loses its scheduler says so itself."""
        if self._run is not None:
            self._run.join(timeout_s)

    @property
    def lost(self) -> bool:
        """The client gave up on the scheduler after trying to reconnect; not closed by us."""
        return not self._closing and self.client.status in ("closing", "closed")

    def close(self) -> None:
        """Leave a user's cluster as it was; end the app's own at once.

        The app's own cluster (its scheduler lives in this process) is ended by killing its
        worker processes rather than closing it: quicker, and it skips a teardown that now and
        then aborts a Dask worker with "FATAL: exception not rethrown" on the terminal
        (dask/distributed#7820). Nothing of it outlives the app either way.
        """
        self._closing = True
        if self._cluster is not None:
            with contextlib.suppress(psutil.Error):
                for child in psutil.Process().children(recursive=True):
                    child.kill()
            return
        with contextlib.suppress(Exception):
            # Else the scheduler would try to tell this client that it left.
            self.client.unsubscribe_topic("all")
            self.client.close(timeout=CLOSE_TIMEOUT_S)


class _Replies:
    """The driver's pipe to the app, shared by the command loop and the watcher thread."""

    def __init__(self, commands: Connection) -> None:
        self._commands = commands
        self._lock = threading.Lock()

    def send(self, message: object) -> None:
        with self._lock, contextlib.suppress(OSError):
            self._commands.send(message)


def driver_main(
    commands: Connection,
    events: Any,
    target: ClusterTarget,
    workers: int,
    sample_interval_s: float | None,
) -> None:
    """Start or reach the cluster, then serve runs until told to shut down or the app is gone.
    A cluster that cannot be reached is one line on the pipe (ClusterLost), then the exit."""
    up_at_s = time.monotonic()
    exit_with_parent()
    replies = _Replies(commands)
    try:
        session = ClusterSession(target, workers)
    except Exception as error:  # noqa: BLE001 - whatever Dask raised, the user reads one line
        verb = "start" if target.embedded else "reach"
        replies.send(ClusterLost(f"could not {verb} {target.describe()}: {failure_line(error)}"))
        os._exit(1)
    _announce(session.latest_view, replies, events)
    replies.send(HostReady(DRIVER, os.getpid(), None, up_at_s))
    watcher = threading.Thread(
        target=_watch, args=(session, replies, events, sample_interval_s), daemon=True
    )
    watcher.start()
    cancel = threading.Event()
    while True:
        match command := next_command(commands):
            case Assignment():
                cancel = threading.Event()
                send_event(events, session.latest_view)  # the run's hosts, before its results
                session.start_run(command, events, cancel)
            case Cancel():
                cancel.set()
            case ScaleCluster(workers=count):
                session.scale(count)
                _announce(session.view(), replies, events)
                replies.send(Prepared(DRIVER))
            case LoadCode(code=code):
                session.load_code(code)
                replies.send(Prepared(DRIVER))
            case SetSwitchInterval():
                pass  # a Dask worker here runs one task at a time: no threads take turns
            case Shutdown():
                cancel.set()
                session.close()
                os._exit(0)


def _announce(view: ClusterView, replies: _Replies, events: Any) -> None:
    """The pool reads the cluster off the pipe (how many lanes a run gets); the window, a
    recording and a run's result hear it on the event queue."""
    replies.send(view)
    send_event(events, view)


def _watch(
    session: ClusterSession, replies: _Replies, events: Any, sample_interval_s: float | None
) -> None:
    """Tell the app when workers come or go, and (for the window) how busy other machines are."""
    interval_s = sample_interval_s or 0.5
    while True:
        time.sleep(interval_s)
        # Between runs, with no other machine to read, nothing here asks the scheduler
        # anything: the client giving up on it is then the only sign that it went away.
        if session.lost:
            _lose(session, replies, events, "its scheduler stopped answering")
        try:
            if session.membership_changed.is_set():
                session.membership_changed.clear()
                _announce(session.view(), replies, events)
            if sample_interval_s is not None:
                for reading in session.sample_other_machines():
                    send_event(events, reading)
        except Exception as error:  # noqa: BLE001 - the scheduler went away: runs say so
            if session.lost:
                _lose(session, replies, events, failure_line(error))


def _lose(session: ClusterSession, replies: _Replies, events: Any, why: str) -> NoReturn:
    """Say the cluster is lost, after the run under way (if any) has failed with its own line,
    and exit: the next cluster run starts afresh."""
    session.wait_for_run(timeout_s=2 * SCHEDULER_LOST_AFTER_S)
    lost = ClusterLost(f"lost {session.target.describe()}: {why}")
    send_event(events, lost)
    replies.send(lost)
    os._exit(1)
