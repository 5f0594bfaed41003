"""Per-worker timeline: when each worker computed, and how much of a core it actually got.

Built from the CPU time each worker reports with its progress. Threads in one interpreter
share one GIL, so their lanes add up to about one core however many there are; processes (and
subinterpreters) each get a core of their own, as far as there are cores.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from cpuviz.core.runs.messages import Progress, RunEvent, WorkerFinished


@dataclass(frozen=True, slots=True)
class Stretch:
    """From `start_s` to `end_s` (seconds since the run began) the worker got `cores` of CPU."""

    start_s: float
    end_s: float
    cores: float


class WorkerTimeline:
    """One lane per worker of a run; fed the same events as the RunTracker."""

    lane_names: tuple[str, ...] = ()  # a lane's own name where it has one (a program's)

    def __init__(self, run_id: int, worker_count: int, dispatched_at_s: float) -> None:
        self.run_id = run_id
        self.worker_count = worker_count
        self._dispatched_at_s = dispatched_at_s
        # Per worker: (seconds since dispatch, CPU seconds so far), starting from nothing.
        self._points: list[list[tuple[float, float]]] = [[(0.0, 0.0)] for _ in range(worker_count)]

    def feed(self, event: RunEvent) -> None:
        if event.run_id != self.run_id or not 0 <= event.worker < self.worker_count:
            return
        match event:
            case Progress(cpu_s=cpu_s, at_s=at_s) if at_s > 0:
                self._add(event.worker, at_s, cpu_s)
            case WorkerFinished(cpu_s=cpu_s, finished_at_s=at_s):
                self._add(event.worker, at_s, cpu_s)

    def _add(self, worker: int, at_s: float, cpu_s: float) -> None:
        points = self._points[worker]
        since_s = at_s - self._dispatched_at_s
        if since_s > points[-1][0] and cpu_s >= points[-1][1]:
            points.append((since_s, cpu_s))

    def lane(self, worker: int) -> list[Stretch]:
        """The worker's stretches in time order; a core's worth at most (the clocks jitter)."""
        points = self._points[worker]
        return [
            Stretch(start_s, end_s, min(1.0, (cpu_end_s - cpu_start_s) / (end_s - start_s)))
            for (start_s, cpu_start_s), (end_s, cpu_end_s) in pairwise(points)
        ]

    def cpu_s(self, worker: int) -> float:
        return self._points[worker][-1][1]

    @property
    def span_s(self) -> float:
        """Seconds from dispatch to the latest report of any worker."""
        return max(points[-1][0] for points in self._points)

    def mean_cores(self, worker: int) -> float:
        """The share of a core this worker got over the run so far."""
        span_s = self.span_s
        return self.cpu_s(worker) / span_s if span_s > 0 else 0.0

    @property
    def total_cores(self) -> float:
        """All workers together, in cores: about 1 for threads under a GIL."""
        span_s = self.span_s
        total_cpu_s = sum(self.cpu_s(worker) for worker in range(self.worker_count))
        return total_cpu_s / span_s if span_s > 0 else 0.0
