"""Follows one run's events until every worker has reported, then says how it went."""

from __future__ import annotations

import time

from cpuviz.core.runs.cluster_messages import ChunkRerun, ClusterEvent, ClusterLost, ClusterView
from cpuviz.core.runs.events import DeadWorker
from cpuviz.core.runs.messages import Progress, RunEvent, WorkerFailed, WorkerFinished
from cpuviz.core.runs.plan import Mode, RunPlan
from cpuviz.core.runs.results import NO_HIDDEN_COSTS, HiddenCosts, RunResult
from cpuviz.core.runs.timeline import WorkerTimeline
from cpuviz.core.work.workloads import combine


class RunTracker:
    """Pure bookkeeping, shared by the GUI controller and the headless bench.

    Events from other runs (late messages of a cancelled run) are ignored by run_id.
    """

    def __init__(self, plan: RunPlan, dispatched_at_s: float) -> None:
        self.plan = plan
        self.dispatched_at_s = dispatched_at_s
        self.failure: str | None = None
        self._chunks_done: dict[int, int] = {}
        self._finished: dict[int, WorkerFinished] = {}
        self._failed: set[int] = set()
        self._cluster: ClusterView | None = None  # cluster mode: the machines, as the run began
        self.reruns: list[str] = []
        self.timeline = WorkerTimeline(plan.run_id, plan.worker_count, dispatched_at_s)

    @property
    def done(self) -> bool:
        return len(self._finished) + len(self._failed) >= self.plan.worker_count

    @property
    def chunks_done(self) -> int:
        return sum(self._chunks_done.values())

    def fraction_done(self, now_s: float | None = None) -> float:
        """How far the run is: its time for a timed run, its chunks for a fixed amount."""
        seconds = self.plan.size.seconds
        if seconds is not None:
            elapsed_s = (time.monotonic() if now_s is None else now_s) - self.dispatched_at_s
            return min(1.0, max(0.0, elapsed_s / seconds))
        return min(1.0, self.chunks_done / self.plan.size.chunks)

    def eta_s(self, now_s: float | None = None) -> float | None:
        """Seconds left if the rest goes as fast as what is done; None until there is a rate."""
        now_s = time.monotonic() if now_s is None else now_s
        fraction = self.fraction_done(now_s)
        if fraction <= 0:
            return None
        elapsed_s = now_s - self.dispatched_at_s
        return elapsed_s * (1 - fraction) / fraction

    def feed(self, event: RunEvent | ClusterEvent) -> None:
        on_cluster = self.plan.mode is Mode.CLUSTER
        match event:
            case ClusterView() if on_cluster:
                self._cluster = event
            case ClusterLost(reason=reason) if on_cluster:
                self.failure = self.failure or reason
            case ChunkRerun() if event.run_id == self.plan.run_id:
                self.reruns.append(event.describe())
            case Progress() | WorkerFinished() | WorkerFailed() if event.run_id == self.plan.run_id:
                self._feed_worker(event)

    def _feed_worker(self, event: RunEvent) -> None:
        self.timeline.feed(event)
        match event:
            case Progress():
                self._chunks_done[event.worker] = event.chunks_done
            case WorkerFinished():
                self._chunks_done[event.worker] = event.chunks_done
                self._finished[event.worker] = event
            case WorkerFailed():
                self._failed.add(event.worker)
                self.failure = self.failure or f"worker {event.worker} failed: {event.error}"

    def workers_died(self, dead: DeadWorker) -> None:
        """A host exited mid-run; its workers will never report, so count them as failed."""
        waiting = [w for w in dead.worker_ids if w not in self._finished and w not in self._failed]
        if not waiting:
            return
        self._failed.update(waiting)
        how = (
            f"killed by signal {-dead.exitcode}"
            if dead.exitcode < 0
            else f"exit code {dead.exitcode}"
        )
        names = ", ".join(str(worker) for worker in waiting)
        label = "worker" if len(waiting) == 1 else "workers"
        self.failure = self.failure or f"{label} {names} (pid {dead.pid}) died: {how}"

    def result(
        self, busy_cores: float | None, hidden_costs: HiddenCosts = NO_HIDDEN_COSTS
    ) -> RunResult:
        """The run as measured; in process mode with its hidden costs (the pool's start-up
        figure and the app's unpickling time), the workers' shipping time added."""
        finished = self._finished.values()
        shipped = self.plan.mode is Mode.PROCESSES
        checksum = 0
        for event in finished:
            checksum = combine(checksum, event.checksum)
        ended_at_s = max((event.finished_at_s for event in finished), default=time.monotonic())
        return RunResult(
            plan=self.plan,
            elapsed_s=ended_at_s - self.dispatched_at_s,
            checksum=checksum,
            chunks_done=self.chunks_done,
            cpu_s=sum(event.cpu_s for event in finished),
            busy_cores=busy_cores,
            cancelled=any(event.cancelled for event in finished),
            startup_s=hidden_costs.startup_s,
            transfer_s=sum(event.transfer_s for event in finished) + hidden_costs.unpickling_s
            if shipped
            else None,
            hosts=self._cluster.hosts if self._cluster is not None else None,
            reruns=tuple(self.reruns),
        )
