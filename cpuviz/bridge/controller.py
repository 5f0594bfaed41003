"""The one bridge between the multiprocessing world and the Qt world.

Buttons call the controller; it dispatches plans to the worker pool; a pump thread reads the
pool's Manager queue (so the GUI thread never blocks on it) and the controller turns each event
into Qt signals that the widgets listen to. Which run goes next, and how a run's end is reported,
are the run session's rules (core/runs/session.py), the same that `cpuviz bench` runs by: this
file keeps only the timers, the pump and the signals.
"""

from __future__ import annotations

import contextlib
import functools
import time
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QObject, QTimer, Slot

from cpuviz.bridge.event_pump import STOP_PUMP, EventPump
from cpuviz.bridge.gil_watch import GilWatch
from cpuviz.bridge.message_stats import MessageStats
from cpuviz.bridge.run_feed import RunFeed
from cpuviz.core.processes.pool import WorkerPool
from cpuviz.core.runs.cluster_target import ClusterTarget
from cpuviz.core.runs.messages import Fault, RunEvent
from cpuviz.core.runs.outcome import RunFailed, RunStopped
from cpuviz.core.runs.plan import Mode, WorkSize
from cpuviz.core.runs.session import RunSession
from cpuviz.core.runs.switch_interval import PYTHONS_OWN, SwitchInterval
from cpuviz.core.runs.tracker import RunTracker
from cpuviz.core.sampling.meter import BusyCoresMeter
from cpuviz.core.sampling.sources import CpuSample
from cpuviz.core.system.pythons import PythonInfo
from cpuviz.core.work.user_code import UserCode
from cpuviz.core.work.workloads import Workload

READY_POLL_MS = 30
DEATH_CHECK_MS = 200
# After Stop, workers get this long to notice before their hosts are killed and replaced.
STOP_GRACE_MS = 1000
PROGRESS_MS = 100


class Controller(RunFeed):
    """Owns the worker pool and the current run; the session decides what runs next and how
    each run is reported. Ready means every worker host is up and waiting."""

    def __init__(
        self,
        cores: int,
        parent: QObject | None = None,
        *,
        cluster: ClusterTarget | None = None,
        interval_ms: int | None = None,
        python: PythonInfo | None = None,
    ) -> None:
        """`cluster`: where cluster mode runs; `interval_ms`: how often other machines' cores
        are read while it is chosen (the window's own sampling interval); `python`: the one
        the workers run on (None: the window's own)."""
        super().__init__(cores, parent)
        self._python = python
        self._cluster_target = cluster or ClusterTarget()
        self._cluster_interval_s = None if interval_ms is None else interval_ms / 1000
        self._started_pool: WorkerPool | None = None
        self._pump: EventPump | None = None
        self._session = RunSession(cores, python)
        self._tracker: RunTracker | None = None
        self._meter = BusyCoresMeter()
        self._cancelled_run_id: int | None = None
        self._was_ready = False
        self._ready_timer = self._timer(READY_POLL_MS, self._poll_ready)
        self._death_timer = self._timer(DEATH_CHECK_MS, self._check_for_dead_workers)
        self._progress_timer = self._timer(PROGRESS_MS, self._show_progress)
        self._progress_timer.setSingleShot(True)
        self._shut_down = False
        self._switch_interval = PYTHONS_OWN
        self.message_stats = MessageStats()
        self._gil = GilWatch(self)
        self._gil.slots.connect(self.gil_slots)

    def _timer(self, interval_ms: int, slot: Callable[[], None]) -> QTimer:
        timer = QTimer(self)
        timer.setInterval(interval_ms)
        timer.timeout.connect(slot)
        return timer

    # --- pool ---------------------------------------------------------------------------------

    @property
    def _pool(self) -> WorkerPool:
        """The pool, started on first use. The window asks for it just after its first frame:
        starting the Manager takes about 0.1 s that is better spent with the window up."""
        if self._started_pool is None:
            self._started_pool = WorkerPool(self._python)
            self._started_pool.set_switch_interval(self._switch_interval)
            self._pump = EventPump(self._started_pool)
            self._pump.received.connect(self._on_events)
            self._pump.broken.connect(self._on_pump_broken)
            self._pump.start()
        return self._started_pool

    def use_python(self, python: PythonInfo | None) -> bool:
        """Run the workers on `python` (None: the window's own) from now on: the hosts on the
        old one are shut down and the next prepare() starts new ones. Refused (False) while a
        run goes or waits, whose workers must not change under it."""
        if self.is_busy or self._shut_down:
            return False
        self._python = python
        self._session.use_python(python)
        pool, pump = self._started_pool, self._pump
        if pool is not None and pump is not None:
            self._started_pool = self._pump = None
            self._ready_timer.stop()
            _stop(pool, pump)
            if self._was_ready:
                self._was_ready = False
                self.ready_changed.emit(False)
        return True

    def prepare(self, workers: int) -> None:
        """Make sure `workers` hosts are up (or coming up) so Start lights the cores at once."""
        if self._shut_down:
            return
        if workers > self._pool.host_count:
            self._pool.ensure_hosts(workers)
            self._watch_readiness()

    def prepare_cluster(self, workers: int) -> None:
        """Start (or reach) the cluster, or rescale the app's own to `workers`, so Start runs
        at once. Only when cluster mode is chosen: Dask is never started otherwise."""
        if self._shut_down:
            return
        # As prepare() does: readiness is watched again only when something had to start.
        if self._pool.use_cluster(self._cluster_target, workers, self._cluster_interval_s):
            self._watch_readiness()

    def _watch_readiness(self) -> None:
        if self._was_ready:
            self._was_ready = False
            self.ready_changed.emit(False)
        self._ready_timer.start()

    @property
    def is_ready(self) -> bool:
        return self._was_ready

    @property
    def is_busy(self) -> bool:
        """A run is going, or queued behind its baseline or behind workers still starting."""
        return self._tracker is not None or self._session.waiting

    @property
    def sets_switch_interval(self) -> bool:
        return True

    def set_switch_interval(self, interval: SwitchInterval) -> None:
        """Slow motion for the GIL page: how long a worker thread holds the GIL at most. Kept
        for the pool if it has not started yet (it starts after the window's first frame)."""
        self._switch_interval = interval
        if self._started_pool is not None and not self._shut_down:
            self._started_pool.set_switch_interval(interval)

    def watch_gil(self, reason: str, wanted: bool) -> None:
        """Sample who holds the GIL during runs while any reason ("page", "recording")
        wants it; the lanes arrive as gil_slots."""
        self._gil.want(reason, wanted)

    @property
    def watching_gil(self) -> bool:
        """Whether the GIL is being sampled now (a run goes, and someone wants it)."""
        return self._gil.sampling

    def worker_pids(self) -> list[int]:
        return self._started_pool.host_pids() if self._started_pool else []

    @Slot()
    def _poll_ready(self) -> None:
        if self._pool.ready():
            self._ready_timer.stop()
            self._was_ready = True
            self.ready_changed.emit(True)
            if (lost := self._pool.cluster_lost()) is not None:
                self._cluster_unusable(lost)
            if self._session.waiting and self._tracker is None:
                self._dispatch_next()

    def _cluster_unusable(self, reason: str) -> None:
        """Say why, once, and drop the cluster runs waiting for it: the rest of the app goes on."""
        self.cluster.lost.emit(reason)
        waiting = self._session.waiting
        self._session.drop(Mode.CLUSTER)
        if waiting and not self._session.waiting and self._tracker is None:
            self.run_ended.emit(RunFailed(reason))
            self.busy_changed.emit(False)

    # --- runs ---------------------------------------------------------------------------------

    def start(
        self,
        mode: Mode,
        workers: int,
        size: WorkSize,
        fault: Fault = Fault.NONE,
        workload: Workload = Workload.CPU,
    ) -> None:
        """Run the work in `mode`, first measuring a serial baseline if this work has none."""
        self.start_all([(workload, mode)], workers, size, fault)

    def start_all(
        self,
        runs: list[tuple[Workload, Mode]],
        workers: int,
        size: WorkSize,
        fault: Fault = Fault.NONE,
        code: UserCode | None = None,
    ) -> None:
        """Queue these runs one after another, as the session orders them (each work's serial
        baseline first if needed; with `code`, the user's function in place of the kernels).

        If worker hosts are still starting, the first run begins the moment they are ready, so
        that start-up time is never charged to a mode.
        """
        if self.is_busy or self._shut_down or not runs:
            return
        spread = any(mode is Mode.PROCESSES for _, mode in runs)
        self.prepare(workers if spread else 1)
        if any(mode is Mode.CLUSTER for _, mode in runs):
            self.prepare_cluster(workers)
        if code is not None:  # imported ahead, so no run is charged for the import
            self._pool.load_code(code)
            self._watch_readiness()
        self._session.queue(runs, workers, size, fault, code)
        self.busy_changed.emit(True)
        if self._was_ready:
            self._dispatch_next()

    def stop(self) -> None:
        """Cancel the current run and any queued one."""
        if self._tracker is not None:
            self._cancel(self._tracker)
        elif self._session.waiting:
            self._session.clear()
            self.run_ended.emit(RunStopped())
            self.busy_changed.emit(False)

    def observe_sample(self, sample: CpuSample) -> None:
        """Fed every chart sample; averages busy cores over the running run."""
        if self._tracker is not None:
            self._meter.add(sample)

    def _dispatch_next(self) -> None:
        plan, fault = self._session.next_run()
        plan = self._pool.made_concrete(plan)
        self._tracker = RunTracker(plan, self._pool.dispatch(plan, fault))
        self._meter.start(time.monotonic())
        self._death_timer.start()
        self.run_started.emit(plan)
        # A cluster's workers are Dask's, in processes of their own: no host's GIL to watch.
        hosts = [] if plan.mode is Mode.CLUSTER else self._pool.host_pids()
        self._gil.watch(hosts[: len(plan.host_assignments())])
        self.progress.emit(0.0, None)
        self.timeline_changed.emit(self._tracker.timeline)

    @Slot(object)
    def _on_events(self, events: list[RunEvent]) -> None:
        started_cpu_s = time.thread_time()
        tracker = self._tracker
        for event in events:
            if tracker is not None:
                tracker.feed(event)
            self.cluster.announce(event)
        self.worker_events.emit(events)
        # Counted without what follows the last message: showing a result is not message cost.
        # CPU time, not wall time: on a busy 2-core machine a single pause of the scheduler
        # would otherwise be charged to whichever message it happened to interrupt.
        busy_s = time.thread_time() - started_cpu_s
        self.message_stats.add(len(events), busy_s, time.perf_counter())
        if tracker is not None:
            self._after_update(tracker)

    @Slot()
    def _check_for_dead_workers(self) -> None:
        tracker = self._tracker
        if tracker is None:
            return
        for dead in self._pool.dead_workers():
            tracker.workers_died(dead)
        self._after_update(tracker)

    def _after_update(self, tracker: RunTracker) -> None:
        if tracker.done:
            self._end_run(tracker)
            return
        if tracker.failure:
            self._cancel(tracker)  # the run has failed: the other workers can stop now
        if not self._progress_timer.isActive():
            self._progress_timer.start()

    @Slot()
    def _show_progress(self) -> None:
        """At most PROGRESS_MS apart, however many workers report: the bar cannot be read
        faster, and every update of it costs the GUI thread a repaint."""
        tracker = self._tracker
        if tracker is not None:
            self.progress.emit(tracker.fraction_done(), tracker.eta_s())
            self.timeline_changed.emit(tracker.timeline)

    def _cancel(self, tracker: RunTracker) -> None:
        """Ask the run's workers to stop, once; hosts that have not within the grace are killed."""
        self._session.clear()
        if self._cancelled_run_id == tracker.plan.run_id:
            return
        self._cancelled_run_id = tracker.plan.run_id
        self._pool.cancel(tracker.plan.run_id)
        # The timer carries the run id: a later run, stopped in its turn, gets a grace of its own.
        QTimer.singleShot(
            STOP_GRACE_MS, self, functools.partial(self._enforce_cancel, tracker.plan.run_id)
        )

    def _enforce_cancel(self, run_id: int) -> None:
        tracker = self._tracker
        if tracker is None or tracker.plan.run_id != run_id:
            return  # it stopped in time
        self._pool.terminate_busy_hosts()
        self._end_run(tracker, cancelled=True)

    def _end_run(self, tracker: RunTracker, cancelled: bool = False) -> None:
        self._tracker = None
        self._death_timer.stop()
        self._progress_timer.stop()
        self._meter.stop()
        self._gil.watch(())  # the last lanes go out before the run's outcome
        self._pool.run_ended()
        if self._pool.replace_dead_hosts():
            self._watch_readiness()
        result = replace(
            tracker.result(self._meter.mean, self._pool.hidden_costs()),
            other_cores=self._meter.other_mean,
        )
        self.timeline_changed.emit(tracker.timeline)
        self.run_ended.emit(self._session.ended(result, tracker.failure, stopped=cancelled))
        if self._session.waiting:
            self._dispatch_next()
            return
        self.busy_changed.emit(False)

    @Slot(str)
    def _on_pump_broken(self, reason: str) -> None:
        if not self._shut_down:
            self.run_ended.emit(RunFailed(reason))

    # --- shutdown -----------------------------------------------------------------------------

    def shutdown(self) -> None:
        """Stop everything and leave no process behind; safe to call twice."""
        if self._shut_down:
            return
        self._shut_down = True
        self._ready_timer.stop()
        self._death_timer.stop()
        self._progress_timer.stop()
        self._gil.watch(())
        pool, pump = self._started_pool, self._pump
        if pool is None or pump is None:
            return
        if self._tracker is not None:
            pool.cancel(self._tracker.plan.run_id)
            self._tracker = None
        _stop(pool, pump)


def _stop(pool: WorkerPool, pump: EventPump) -> None:
    """End the pump, then the pool's processes."""
    with contextlib.suppress(EOFError, OSError):  # a gone manager took the pump with it
        pool.events.put(STOP_PUMP)
    pump.wait(2000)
    pool.shutdown()
