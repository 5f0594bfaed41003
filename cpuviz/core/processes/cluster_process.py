"""The app's side of cluster mode: the driver process, started only when the mode is chosen.

One driver at a time, for one cluster: a new address (or a driver that gave up) starts a new
one; a new worker count rescales the app's own cluster in place.
"""

from __future__ import annotations

import time
from multiprocessing.context import SpawnContext
from queue import Queue

from cpuviz.core.cluster.driver import DRIVER, driver_main
from cpuviz.core.processes.host_handle import HostHandle, kill_with_children
from cpuviz.core.runs.cluster_messages import ClusterView, ScaleCluster
from cpuviz.core.runs.cluster_target import ClusterTarget
from cpuviz.core.runs.messages import LoadCode, Shutdown
from cpuviz.core.work.user_code import UserCode

# The driver ends the app's own cluster at once; past this it is killed, with its workers.
CLUSTER_GRACE_S = 3.0


class ClusterProcess:
    def __init__(self, context: SpawnContext, events: Queue) -> None:
        self._context = context
        self._events = events
        self.driver: HostHandle | None = None
        self._target: ClusterTarget | None = None
        self._workers = 0

    def use(
        self,
        target: ClusterTarget,
        workers: int,
        sample_interval_s: float | None,
        code: UserCode | None,
    ) -> bool:
        """Start the driver for `target`, or rescale the app's own cluster to `workers`; True
        if either was needed (the cluster is then not ready until it says so)."""
        if self.driver is not None and (self.lost() or self._target != target):
            self.stop()
        changed = True
        if self.driver is None:
            self.driver = self._spawn(target, workers, sample_interval_s, code)
            self._target = target
        elif target.embedded and workers != self._workers:
            self.driver.prepare(ScaleCluster(workers))
        else:
            changed = False
        self._workers = workers
        return changed

    def _spawn(
        self,
        target: ClusterTarget,
        workers: int,
        sample_interval_s: float | None,
        code: UserCode | None,
    ) -> HostHandle:
        parent_end, child_end = self._context.Pipe()
        # Not a daemon: a daemonic process may not start processes, and the driver starts
        # the app's own cluster. It ends with the app all the same (exit_with_parent).
        process = self._context.Process(
            target=driver_main,
            args=(child_end, self._events, target, workers, sample_interval_s),
            name="cpuviz-cluster",
        )
        spawned_at_s = time.monotonic()
        process.start()
        child_end.close()
        driver = HostHandle(DRIVER, process, parent_end, spawned_at_s)
        if code is not None:
            driver.prepare(LoadCode(code))
        return driver

    def view(self) -> ClusterView | None:
        """The cluster as the driver last described it, or None before it is up."""
        if self.driver is None:
            return None
        self.driver.read_replies()
        return self.driver.cluster

    def lost(self) -> str | None:
        """Why the cluster cannot be used (never reached, or its driver died), or None. The
        next use() starts afresh."""
        driver = self.driver
        if driver is None:
            return None
        driver.read_replies()
        if driver.lost is None and driver.process.exitcode is not None:
            driver.lost = f"the cluster driver exited (code {driver.process.exitcode})"
        return driver.lost

    def stop(self, grace_s: float = CLUSTER_GRACE_S) -> None:
        """End the driver (and the app's own cluster with it); killed if it takes too long."""
        driver = self.driver
        if driver is None:
            return
        self.driver = None
        driver.send(Shutdown())
        driver.process.join(timeout=grace_s)
        if driver.process.exitcode is None:
            kill_with_children(driver.process)
            driver.process.join(timeout=1.0)
        driver.commands.close()
