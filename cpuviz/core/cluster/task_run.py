"""One run on a Dask cluster: its chunks become tasks, and their results the same run events
every other mode sends, so the window, the bench and recordings need nothing new.

Tasks go out a few per worker thread ahead of the results (never all at once: a timed run has
no last chunk, and Stop must not leave thousands queued), and are gathered as they finish.
Each worker gets a lane of the worker view, by the order it first returns a result.
"""

from __future__ import annotations

import math
import queue
import threading
import time
from collections.abc import Iterator, Mapping
from concurrent.futures import CancelledError
from dataclasses import dataclass
from typing import Any

from cpuviz.core.cluster.tasks import TaskDone, run_task
from cpuviz.core.runs.cluster_messages import ChunkRerun
from cpuviz.core.runs.events import PROGRESS_INTERVAL_S, send_event
from cpuviz.core.runs.messages import Assignment, Fault, Progress, WorkerFailed, WorkerFinished
from cpuviz.core.work import user_code
from cpuviz.core.work.workloads import combine

# How long to wait for a result before looking at Stop, the clock and the scheduler again.
POLL_S = 0.05
# Tasks handed out per worker thread beyond the one it runs: it never waits for the next.
TASKS_AHEAD_PER_THREAD = 1
# The client tries to reconnect to a lost scheduler; past this, the run fails.
SCHEDULER_LOST_AFTER_S = 3.0
# Removed workers, as the scheduler announces them: (worker address, keys it was running).
Removals = queue.SimpleQueue[tuple[str, tuple[str, ...]]]


class _RunFailedError(Exception):
    """The run cannot go on; the message is the one line the user reads."""


@dataclass(slots=True)
class _Lane:
    chunks_done: int = 0
    cpu_s: float = 0.0
    checksum: int = 0
    last_report_s: float = 0.0
    last_result_s: float | None = None


class ClusterRun:
    """Runs one Assignment on `client`'s cluster and reports it on `events`.

    `names` maps worker addresses to the names the room reads; `removals` are the workers the
    scheduler removed, from the session's subscription to its events.
    """

    def __init__(
        self,
        client: Any,
        assignment: Assignment,
        *,
        events: Any,
        names: Mapping[str, str],
        removals: Removals,
        prefix: str,
    ) -> None:
        self._client = client
        self._assignment = assignment
        self._events = events
        self._names = names
        self._removals = removals
        self._prefix = f"{prefix}-{assignment.run_id}-"
        self._lanes = [_Lane() for _ in range(assignment.worker_count)]
        self._lane_of: dict[str, int] = {}
        self._per_task = assignment.chunks_per_task
        self._task_chunks: dict[int, int] = {}  # first chunk -> chunks, of every task so far
        self._unreachable_since_s: float | None = None

    def run(self, cancel: threading.Event) -> None:
        try:
            self._run(cancel)
        except _RunFailedError as failed:
            self._fail(str(failed))
            return
        except Exception as error:  # noqa: BLE001 - whatever Dask raised ends the run in one line
            if not cancel.is_set():  # else the app is closing the client: nothing to say
                self._fail(user_code.failure_line(error))
            return
        self._finish(cancelled=cancel.is_set())

    def _fail(self, reason: str) -> None:
        for lane in range(len(self._lanes)):
            send_event(self._events, WorkerFailed(self._assignment.run_id, lane, reason))

    def _run(self, cancel: threading.Event) -> None:
        tasks = self._tasks()
        ahead = (TASKS_AHEAD_PER_THREAD + 1) * len(self._lanes)
        in_flight: dict[str, Any] = {}
        while True:
            if cancel.is_set():
                self._client.cancel(list(in_flight.values()))
                return
            # A timed run's last tasks finish and count (≤ 0.2 s): the rate stays true.
            if self._past_deadline():
                tasks = iter(())
            while len(in_flight) < ahead and (task := next(tasks, None)) is not None:
                in_flight[self._prefix + str(task[0])] = self._submit(*task)
            if not in_flight:
                return
            for future in self._wait(in_flight.values()):
                self._take(in_flight.pop(future.key))
            self._announce_reruns()
            self._check_scheduler()

    def _tasks(self) -> Iterator[tuple[int, int]]:
        """(first chunk, chunks) of each task: ~0.1 s each, in a number of tasks every worker
        thread gets an equal share of, so that none computes a last task while the others
        wait. (Smaller tasks towards the end cost more in Dask's few ms per task than they
        save.) A timed run's chunks never run out: its tasks are all of the usual size."""
        chunks, threads = self._assignment.chunks, len(self._lanes)
        tasks = math.ceil(chunks / self._per_task)
        tasks = min(chunks, math.ceil(tasks / threads) * threads)
        size, larger = divmod(chunks, tasks)
        first = 0
        for task in range(tasks):
            count = size + (1 if task < larger else 0)
            self._task_chunks[first] = count
            yield first, count
            first += count

    def _submit(self, first: int, count: int) -> Any:
        assignment = self._assignment
        return self._client.submit(
            run_task,
            assignment.workload,
            assignment.iterations_per_chunk,
            first,
            count,
            assignment.code,
            fault=assignment.fault if first == 0 else Fault.NONE,  # --fault: the first task's
            fault_name=self._prefix + "fault",
            key=self._prefix + str(first),
            pure=False,
        )

    def _past_deadline(self) -> bool:
        deadline_s = self._assignment.deadline_s
        return deadline_s is not None and time.monotonic() >= deadline_s

    def _wait(self, futures: Any) -> list[Any]:
        """The tasks done within POLL_S (cancelled ones too: Stop, or the app closing)."""
        from distributed import wait  # noqa: PLC0415 - the driver process has imported it

        futures = list(futures)
        try:
            done, _ = wait(futures, timeout=POLL_S, return_when="FIRST_COMPLETED")
        except TimeoutError:
            return []
        except CancelledError:  # Dask's own kinds of it derive from this one
            return [future for future in futures if future.done()]
        return list(done)

    def _take(self, future: Any) -> None:
        """Count a finished task's chunks on the lane of the worker that ran it."""
        if future.status == "error":
            error = future.exception()
            trace = future.traceback()
            raise _RunFailedError(user_code.failure_line(error, trace, self._assignment.code))
        if future.status != "finished":
            return  # cancelled: its chunks are not counted
        done: TaskDone = future.result()
        now_s = time.monotonic()
        index = self._lane_of.setdefault(done.worker, len(self._lane_of) % len(self._lanes))
        lane = self._lanes[index]
        for value in done.results:
            lane.checksum = combine(lane.checksum, user_code.result_digest(value))
        lane.chunks_done += len(done.results)
        lane.cpu_s += done.cpu_s
        lane.last_result_s = now_s
        if now_s - lane.last_report_s >= PROGRESS_INTERVAL_S:
            run_id = self._assignment.run_id
            progress = Progress(run_id, index, lane.chunks_done, lane.cpu_s, now_s)
            send_event(self._events, progress)
            lane.last_report_s = now_s

    def _announce_reruns(self) -> None:
        """One line per task a removed worker was running: Dask runs it again elsewhere."""
        while True:
            try:
                address, keys = self._removals.get_nowait()
            except queue.Empty:
                return
            name = self._names.get(address, address)
            mine = sorted(int(key[len(self._prefix) :]) for key in keys if self._is_mine(key))
            for first in mine:
                chunks = self._task_chunks[first]
                rerun = ChunkRerun(self._assignment.run_id, first, chunks, name)
                send_event(self._events, rerun)

    def _is_mine(self, key: object) -> bool:
        return isinstance(key, str) and key.startswith(self._prefix)

    def _check_scheduler(self) -> None:
        if self._client.status == "running":
            self._unreachable_since_s = None
            return
        now_s = time.monotonic()
        self._unreachable_since_s = self._unreachable_since_s or now_s
        if now_s - self._unreachable_since_s > SCHEDULER_LOST_AFTER_S:
            address = self._client.scheduler.address
            raise _RunFailedError(f"the Dask scheduler at {address} went away")

    def _finish(self, cancelled: bool) -> None:
        results_s = [lane.last_result_s for lane in self._lanes if lane.last_result_s is not None]
        last_result_s = max(results_s, default=time.monotonic())
        run_id = self._assignment.run_id
        for index, lane in enumerate(self._lanes):
            # A lane without results (its worker left early) ends with the run.
            finished_at_s = lane.last_result_s or last_result_s
            finished = WorkerFinished(
                run_id, index, lane.chunks_done, lane.checksum, lane.cpu_s, finished_at_s, cancelled
            )
            send_event(self._events, finished)
