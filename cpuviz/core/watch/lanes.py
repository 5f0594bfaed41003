"""A watched program's lanes, and the plain data one tick of them is, which a recording keeps.

One lane per process, or one per busy thread of a process where several threads are busy. Each
lane keeps its whole history, so a lane that becomes threads keeps what its threads did from
their start. Each lane is named by what the room knows it as: the main process by its command
line ("cpu_threads.py 4"), a child by its own where it ran another program, multiprocessing's
helpers by what they do, else as the program's "worker 1", "worker 2" (a Pool's, forked or
spawned, runs the same Python); a thread by its name where it named itself for the kernel,
else by its place ("thread 2"), after its process's name unless that is the main process
("worker 1 · thread 2").

A tick is read from the watch (`read_lanes`) into a ProgramLanes, and the timeline the window
draws is laid out from those alone (`ProgramTimeline.apply`): the live window and a replay of
its recording lay the lanes out the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from cpuviz.core.runs.timeline import WorkerTimeline
from cpuviz.core.watch.program_run import BUSY_THREAD_S, program_title
from cpuviz.core.watch.threads import ProcessSeen
from cpuviz.core.watch.watch import ProgramWatch

# Processes multiprocessing starts beside a Pool's workers, by what their command line runs.
MULTIPROCESSING_HELPERS = (("resource_tracker", "resource tracker"), ("forkserver", "fork server"))


@dataclass(frozen=True, slots=True)
class LanePoint:
    """A possible lane's clock at a tick: a process (`tid` 0) or one of its threads, first seen
    `first_s` and read `since_s` after the program started, with `cpu_s` of CPU by then."""

    pid: int
    tid: int
    first_s: float
    since_s: float
    cpu_s: float


@dataclass(frozen=True, slots=True)
class ShownLane:
    """A lane as the Workers page shows it: a process (`tid` 0) or a thread, and its name."""

    pid: int
    tid: int
    name: str


@dataclass(frozen=True, slots=True)
class ProgramLanes:
    """One tick of a program's lanes: every clock read (threads not yet busy enough to be
    lanes of their own too) and the lanes shown, in order, with their names."""

    run_id: int
    points: tuple[LanePoint, ...]
    shown: tuple[ShownLane, ...]


def read_lanes(run_id: int, watch: ProgramWatch) -> ProgramLanes:
    """The watch's processes and threads as they are now, the main process's lanes first."""
    tick_s, root_pid, since_s = watch.tick_s, watch.program.pid, watch.elapsed_s()
    points, shown = [], []
    ordered = tuple(sorted(watch.processes, key=lambda process: process.pid != root_pid))
    process_names = _process_names(ordered, root_pid)
    for process in ordered:
        first_s = process.first_seen_s - watch.started_at_s
        live = process.ended_s is None
        own_s = (process.own_ticks - process.first_own_ticks) * tick_s
        if live:
            points.append(LanePoint(process.pid, 0, first_s, since_s, own_s))
        busy = []
        for thread in process.threads.values():
            cpu_s = (thread.ticks - thread.first_ticks) * tick_s
            if live:
                points.append(LanePoint(process.pid, thread.tid, first_s, since_s, cpu_s))
            if cpu_s >= BUSY_THREAD_S:
                busy.append(thread.tid)
        name = process_names[process.pid]
        if len(busy) > 1:
            prefix = "" if process.pid == root_pid else f"{name} · "
            shown += [
                ShownLane(process.pid, tid, prefix + _thread_name(process, tid)) for tid in busy
            ]
        else:
            shown.append(ShownLane(process.pid, 0, name))
    return ProgramLanes(run_id, tuple(points), tuple(shown))


class ProgramTimeline(WorkerTimeline):
    """Lanes that come and go with the program's processes, laid out from its ticks."""

    def __init__(self, run_id: int) -> None:
        super().__init__(run_id, 0, 0.0)
        self.lane_names: tuple[str, ...] = ()
        # (pid, tid or 0 for the process) -> (seconds since the start, CPU seconds) points
        self._history: dict[tuple[int, int], list[tuple[float, float]]] = {}

    def apply(self, lanes: ProgramLanes) -> None:
        """Add a tick's clocks, and lay out the lanes again."""
        for point in lanes.points:
            history = self._history.setdefault((point.pid, point.tid), [(point.first_s, 0.0)])
            if point.since_s > history[-1][0] and point.cpu_s >= history[-1][1]:
                history.append((point.since_s, point.cpu_s))
        kept = [lane for lane in lanes.shown if (lane.pid, lane.tid) in self._history]
        self._points = [self._history[lane.pid, lane.tid] for lane in kept]
        self.lane_names = tuple(lane.name for lane in kept)
        self.worker_count = len(self._points)

    @property
    def span_s(self) -> float:
        return max((points[-1][0] for points in self._points), default=0.0)


def _process_names(processes: tuple[ProcessSeen, ...], root_pid: int) -> dict[int, str]:
    """pid -> the lane's name: the root by its command line, a child by its own if it runs
    another program, multiprocessing's helpers by what they do, else as the program's worker,
    numbered as they came."""
    names: dict[int, str] = {}
    root = next((process for process in processes if process.pid == root_pid), None)
    workers = 0
    for process in processes:
        words = " ".join(process.command)
        helper = next((name for module, name in MULTIPROCESSING_HELPERS if module in words), None)
        if process is root or (root is not None and _other_program(process, root)):
            names[process.pid] = program_title(process.command)
        elif helper is not None:
            names[process.pid] = helper
        else:
            workers += 1
            names[process.pid] = f"worker {workers}"
    return names


def _other_program(child: ProcessSeen, root: ProcessSeen) -> bool:
    """A child that runs a program of its own (a shell's command, a tool), not the same Python
    running the same script (fork) or multiprocessing's spawn or forkserver."""
    if child.command == root.command:
        return False
    return not (child.python and any("multiprocessing" in word for word in child.command))


def _thread_name(process: ProcessSeen, tid: int) -> str:
    """A thread by the name it gave the kernel, if it gave one, else by its place."""
    thread = process.threads[tid]
    if thread.name and thread.name != process.name.decode(errors="replace"):
        return thread.name
    return f"thread {list(process.threads).index(tid) + 1}"
